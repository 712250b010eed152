using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk;
using Sym.Sdk.FrontEnds;
using Sym.Sdk.Integrations.GitHub;
using Sym.Sdk.Runtime;
using SymExamples.GitHubDynamicTargets;

namespace SymExamples.Tests;

/// <summary>The README's host registration, as written there, builds an engine that knows the flow.</summary>
public sealed class ReadmeHostTests
{
    [Fact]
    public async Task ReadmeRegistration_BuildsTheEngine_WithTheFlowInItsEnvironment()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sym:GitHub:Token"] = "ghp_test" })
            .Build();
        var services = new ServiceCollection();

        // As in samples/SymExamples/README.md ("Running one in a host"):
        services.AddSym()
            .AddEnvironment("main", GitHubDynamicTargetsDefinition.Environment("sym-test"))
            .AddFlow<GitHubDynamicTargetsFlow>(GitHubDynamicTargetsDefinition.Name, flow => flow
                .UseStrategy<GitHubStrategy>()
                .Configure(GitHubDynamicTargetsDefinition.Flow("sym-test")));
        services.AddSymGitHub(o => configuration.GetSection("Sym:GitHub").Bind(o));

        await using ServiceProvider provider = services.BuildServiceProvider();
        SymEngine engine = provider.GetRequiredService<SymEngine>();

        FlowDescriptor flow = engine.FlowCatalog.Single();
        flow.Name.Should().Be("github");
        flow.Fields.Should().Contain(f => f.Name == "repo_name" && f.Prefetch);
    }

    [Fact]
    public void ReadmeTable_NamesEveryPortedFlowFile()
    {
        string readme = File.ReadAllText(Path.Combine(SamplesRoot(), "SymExamples", "README.md"));
        foreach (string file in Directory.EnumerateFiles(Path.Combine(SamplesRoot(), "SymExamples"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.EndsWith("Definition.cs", StringComparison.Ordinal)))
        {
            string relative = Path.GetRelativePath(Path.Combine(SamplesRoot(), "SymExamples"), file).Replace('\\', '/');
            readme.Should().Contain($"`{relative}`", "the README's table lists every port with its line count");
            int lines = File.ReadAllLines(file).Length;
            readme.Should().MatchRegex($@"\b{lines}\b", $"{relative} has {lines} lines and the table says so");
        }
    }

    private static string SamplesRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Sym.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new InvalidOperationException("Sym.Sdk.sln not found above the test output."), "samples");
    }
}
