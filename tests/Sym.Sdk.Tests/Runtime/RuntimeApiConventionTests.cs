using System.Reflection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Tests.Runtime;

public sealed class RuntimeApiConventionTests
{
    private static IEnumerable<MethodInfo> PublicAsyncMethods() =>
        typeof(SymEngine).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "Sym.Sdk.Runtime" or "Microsoft.Extensions.DependencyInjection")
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && IsAwaitable(m.ReturnType));

    private static bool IsAwaitable(Type t) =>
        t == typeof(Task) || t == typeof(ValueTask) || (t.IsGenericType && t.GetGenericTypeDefinition() is var g && (g == typeof(Task<>) || g == typeof(ValueTask<>)))
        || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));

    [Fact]
    public void AsyncMethods_EndInAsyncAndTakeAnOptionalCancellationTokenLast()
    {
        List<MethodInfo> methods = PublicAsyncMethods().ToList();
        methods.Should().NotBeEmpty();
        methods.Should().AllSatisfy(m =>
        {
            m.Name.Should().EndWith("Async", $"{m.DeclaringType!.Name}.{m.Name} returns an awaitable");
            ParameterInfo last = m.GetParameters().Last();
            last.ParameterType.Should().Be(typeof(CancellationToken), $"{m.DeclaringType!.Name}.{m.Name} takes a token last");
            last.HasDefaultValue.Should().BeTrue($"{m.DeclaringType!.Name}.{m.Name}'s token is optional");
        });
    }

    [Fact]
    public void PublicClasses_AreSealedOrAbstractOrStatic() =>
        typeof(SymEngine).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "Sym.Sdk.Runtime" or "Sym.Sdk.Flows" && t.IsClass && !t.IsAbstract && !typeof(Exception).IsAssignableFrom(t))
            .Should().AllSatisfy(t => t.IsSealed.Should().BeTrue($"{t.Name} is sealed by default"));
}
