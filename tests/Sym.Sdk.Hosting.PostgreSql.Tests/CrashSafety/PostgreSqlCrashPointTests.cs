using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Tests.Crash;

namespace Sym.Sdk.Hosting.PostgreSql.Tests.CrashSafety;

/// <summary>
/// Every lifecycle crashed before and after every store write on the PostgreSQL store: the recovering process opens a new
/// <see cref="PostgreSqlSymStore"/> over the schema the crashed one wrote (as a restarted host would) and its scheduler
/// finishes every run.
/// </summary>
public sealed class PostgreSqlCrashPointTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [PostgresTheory]
    [MemberData(nameof(CrashStories.Names), MemberType = typeof(CrashStories))]
    public async Task RunAsync_EveryLifecycleOnPostgreSql_BreaksNoInvariantAtAnyCrashPoint(string name)
    {
        CrashStories.Story story = CrashStories.Stories[name];
        var schemas = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        SymCrashReport report = await SymCrashTest.RunAsync(name, (b, s) => CrashStories.Setup(story, b, s), story.Play, new SymCrashTestOptions
        {
            // Both processes of a scenario share its folder: the same schema, a fresh one per scenario.
            OpenStore = scenario => database.Open(schemas.GetOrAdd(scenario.Folder, static _ => PostgresDatabase.NewSchema("crash"))),
            Parallelism = 2 * Environment.ProcessorCount, // scenarios wait on the server more than they compute
        });

        report.Writes.Should().Contain(static w => w.StartsWith("commit", StringComparison.Ordinal));
        report.Repairs.Should().Be(0, "every state is guarded by the commit that enters it");
        report.AssertNoViolations();
    }
}
