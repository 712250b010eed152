using System.Reflection;
using System.Runtime.CompilerServices;

namespace Sym.Sdk.Tests;

/// <summary>
/// Shipped packages meet only through their public APIs (STYLE.md §23): no shipped assembly opens its internals to
/// another. InternalsVisibleTo may name test projects (<c>*.Tests</c>) and <c>Sym.Sdk.Benchmarks</c> only, as Polly's do;
/// a front end that needs more than the public API shows the engine's API is missing something.
/// </summary>
public sealed class PackageBoundaryTests
{
    /// <summary>The packable projects under src/, each a NuGet package.</summary>
    public static readonly IReadOnlyList<string> ShippedAssemblies =
        ["Sym.Sdk", "Sym.Sdk.Integrations", "Sym.Sdk.Testing", "Sym.Sdk.Hosting", "Sym.Sdk.Hosting.PostgreSql"];

    [Fact]
    public void ShippedAssemblies_GrantInternalsVisibleToOnlyTestsAndBenchmarks()
    {
        List<(string Grantor, string Grantee)> grants = [];
        foreach (string name in ShippedAssemblies)
        {
            Assembly assembly = Assembly.Load(new AssemblyName(name));
            foreach (InternalsVisibleToAttribute ivt in assembly.GetCustomAttributes<InternalsVisibleToAttribute>())
            {
                grants.Add((name, ivt.AssemblyName));
            }
        }

        grants.Should().Contain(("Sym.Sdk", "Sym.Sdk.Tests"), "the attributes are read from the loaded assemblies (each opens to its own tests)");
        Violations(grants).Should().BeEmpty("a shipped package must not see another's internals; make what it needs public and documented, or link the source file");
    }

    [Fact]
    public void Violations_OfAGrantToAnotherShippedAssemblyOrAnyOtherName_AreReported()
    {
        (string, string)[] grants =
        [
            ("Sym.Sdk", "Sym.Sdk.Tests"),
            ("Sym.Sdk", "Sym.Sdk.Benchmarks"),
            ("Sym.Sdk.Integrations", "Sym.Sdk.Integrations.Tests, PublicKey=0024000004800000"),
            ("Sym.Sdk", "Sym.Sdk.Testing"),
            ("Sym.Sdk.Integrations", "Sym.Sdk.Hosting, PublicKey=0024000004800000"),
            ("Sym.Sdk", "DynamicProxyGenAssembly2"),
        ];

        Violations(grants).Should().Equal(
            "Sym.Sdk -> Sym.Sdk.Testing", "Sym.Sdk.Integrations -> Sym.Sdk.Hosting", "Sym.Sdk -> DynamicProxyGenAssembly2");
    }

    /// <summary>Every grant to anything but a <c>*.Tests</c> project or <c>Sym.Sdk.Benchmarks</c>, as "grantor -> grantee".</summary>
    internal static List<string> Violations(IEnumerable<(string Grantor, string Grantee)> grants)
    {
        var violations = new List<string>();
        foreach ((string grantor, string grantee) in grants)
        {
            string name = new AssemblyName(grantee).Name ?? grantee; // drops ", PublicKey=…"
            if (!name.EndsWith(".Tests", StringComparison.Ordinal) && name != "Sym.Sdk.Benchmarks")
            {
                violations.Add($"{grantor} -> {name}");
            }
        }

        return violations;
    }
}
