using System.Reflection;

namespace Sym.Sdk.Tests;

/// <summary>
/// Conventions every shipped assembly's public surface keeps (STYLE.md §5 and §8), checked by reflection in the spirit
/// of SlackNet's ApiLintTests: async methods end in <c>Async</c> and take a trailing optional CancellationToken, and
/// public classes are sealed unless they are meant to be derived from.
/// </summary>
public sealed class PublicApiConventionTests
{
    /// <summary>Public, non-abstract classes that are deliberately unsealed, each with the reason.</summary>
    private static readonly Dictionary<Type, string> DerivableClasses = new()
    {
        [typeof(SymException)] = "The one base exception: integrations derive their typed errors from it.",
        [typeof(SymNotFoundException)] = "Callers catch not-found as such; IdentityNotFoundException derives from it.",
    };

    /// <summary>
    /// The shipped assemblies. Sym.Sdk is loaded through a type; Integrations and Testing have no public type yet, so
    /// they are loaded by name (this project references Testing, which references Integrations, so both sit in the
    /// output folder). Switch them to <c>typeof(SomeType).Assembly</c> once they ship types.
    /// </summary>
    public static TheoryData<string> ShippedAssemblies => new() { "Sym.Sdk", "Sym.Sdk.Integrations", "Sym.Sdk.Testing" };

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void AsyncMethods_EndInAsync_AndTakeTrailingOptionalCancellationToken(string assemblyName)
    {
        Assembly assembly = Load(assemblyName);

        AsyncViolations(assembly.GetExportedTypes()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void PublicClasses_AreSealed_UnlessAbstractStaticOrAllowListed(string assemblyName)
    {
        Assembly assembly = Load(assemblyName);

        SealingViolations(assembly.GetExportedTypes()).Should().BeEmpty();
    }

    [Fact]
    public void ShippedAssemblies_AreTheOnesThisTestScans()
    {
        Load("Sym.Sdk").Should().BeSameAs(typeof(Srn).Assembly);
        Load("Sym.Sdk.Integrations").GetName().Name.Should().Be("Sym.Sdk.Integrations");
        Load("Sym.Sdk.Testing").GetName().Name.Should().Be("Sym.Sdk.Testing");
        typeof(Srn).Assembly.GetExportedTypes().Should().Contain(typeof(Sym.Sdk.Strategies.AccessStrategy), "the scan must see the public surface");
    }

    [Fact]
    public void AllowList_OnlyNamesUnsealedConcreteClasses()
    {
        DerivableClasses.Keys.Should().OnlyContain(t => t.IsClass && !t.IsSealed && !t.IsAbstract);
        DerivableClasses.Values.Should().OnlyContain(reason => reason.Length > 10);
    }

    [Fact]
    public void Rules_FindViolations_OnAPrivateNestedType()
    {
        IReadOnlyList<string> async = AsyncViolations([typeof(BadApi)]);
        IReadOnlyList<string> sealing = SealingViolations([typeof(BadApi), typeof(GoodApi)]);

        async.Should().BeEquivalentTo(
            "BadApi.Fetch: returns Task but its name does not end in Async",
            "BadApi.LoadAsync: has no CancellationToken parameter",
            "BadApi.SaveAsync: its CancellationToken is not the last parameter",
            "BadApi.DeleteAsync: its CancellationToken is not optional",
            "BadApi.CountAsync: has no CancellationToken parameter",
            "BadApi.ProtectedAsync: has no CancellationToken parameter");
        sealing.Should().Equal("BadApi: public class is neither sealed, abstract nor static, nor on the allow-list");
        AsyncViolations([typeof(GoodApi)]).Should().BeEmpty();
    }

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    private static IReadOnlyList<string> AsyncViolations(IEnumerable<Type> types)
    {
        var violations = new List<string>();
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in types)
        {
            foreach (MethodInfo method in type.GetMethods(Flags))
            {
                bool visible = method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;
                if (method.GetBaseDefinition().DeclaringType?.Assembly != type.Assembly)
                {
                    // An override of a framework member (HttpMessageHandler.SendAsync) keeps the framework's signature.
                    continue;
                }

                if (!visible || method.IsSpecialName || !IsAwaitable(method.ReturnType) || IsFrameworkContract(method))
                {
                    continue;
                }

                string where = $"{type.Name}.{method.Name}";
                if (!method.Name.EndsWith("Async", StringComparison.Ordinal))
                {
                    violations.Add($"{where}: returns {method.ReturnType.Name.Split('`')[0]} but its name does not end in Async");
                    continue;
                }

                ParameterInfo[] parameters = method.GetParameters();
                int index = Array.FindLastIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
                if (index < 0)
                {
                    violations.Add($"{where}: has no CancellationToken parameter");
                }
                else if (index != parameters.Length - 1)
                {
                    violations.Add($"{where}: its CancellationToken is not the last parameter");
                }
                else if (!parameters[index].IsOptional)
                {
                    violations.Add($"{where}: its CancellationToken is not optional");
                }
            }
        }

        return violations;
    }

    private static IReadOnlyList<string> SealingViolations(IEnumerable<Type> types)
    {
        var violations = new List<string>();
        foreach (Type type in types)
        {
            bool isStatic = type.IsAbstract && type.IsSealed;
            if (type.IsClass && !type.IsSealed && !type.IsAbstract && !isStatic && !typeof(Delegate).IsAssignableFrom(type)
                && !DerivableClasses.ContainsKey(type))
            {
                violations.Add($"{type.Name}: public class is neither sealed, abstract nor static, nor on the allow-list");
            }
        }

        return violations;
    }

    private static bool IsAwaitable(Type t)
    {
        Type definition = t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        return definition == typeof(Task) || definition == typeof(ValueTask) || definition == typeof(Task<>) || definition == typeof(ValueTask<>);
    }

    /// <summary>Methods whose shape a framework interface fixes (for example <see cref="IAsyncDisposable.DisposeAsync"/>).</summary>
    private static bool IsFrameworkContract(MethodInfo method) =>
        method.Name == nameof(IAsyncDisposable.DisposeAsync) && method.GetParameters().Length == 0;

    // Deliberately breaks every rule; only the test above scans it.
#pragma warning disable CA1822, CA1852, CA1068, IDE0060
    private class BadApi
    {
        public Task Fetch() => Task.CompletedTask;

        public Task LoadAsync() => Task.CompletedTask;

        public Task SaveAsync(CancellationToken cancellationToken, string name) => Task.CompletedTask;

        public ValueTask DeleteAsync(string name, CancellationToken cancellationToken) => default;

        public ValueTask<int> CountAsync(string name) => new(0);

        protected Task ProtectedAsync() => Task.CompletedTask;

        private Task PrivateIsIgnored() => Task.CompletedTask;
    }

    private sealed class GoodApi : IAsyncDisposable
    {
        public Task<int> CountAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(name.Length);

        public ValueTask DisposeAsync() => default;

        public int Count => 0;
    }
#pragma warning restore CA1822, CA1852, CA1068, IDE0060
}
