using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Testing;
using Sym.Sdk.Testing.Tests.Crash;
using Xunit.Abstractions;

namespace Sym.Sdk.Hosting.Tests.CrashSafety;

/// <summary>
/// Every lifecycle crashed before and after every store write on the SQLite store: the recovering process opens the file
/// the crashed one left (a new <see cref="SqliteSymStore"/> over it, as a restarted host would) and its scheduler finishes
/// every run.
/// </summary>
public sealed class SqliteCrashPointTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(CrashStories.Names), MemberType = typeof(CrashStories))]
    public async Task RunAsync_EveryLifecycleOnSqlite_BreaksNoInvariantAtAnyCrashPoint(string name)
    {
        CrashStories.Story story = CrashStories.Stories[name];

        SymCrashReport report = await SymCrashTest.RunAsync(name, (b, s) => CrashStories.Setup(story, b, s), story.Play, new SymCrashTestOptions
        {
            OpenStore = static scenario => new SqliteSymStore(new SqliteSymStoreOptions { Path = Path.Combine(scenario.Folder, "sym.db") }),
            Parallelism = Environment.ProcessorCount,
        });

        report.Writes.Should().Contain(static w => w.StartsWith("commit", StringComparison.Ordinal));
        report.Repairs.Should().Be(0, "every state is guarded by the commit that enters it");
        output.WriteLine(report.ToString());
        report.AssertNoViolations();
    }
}
