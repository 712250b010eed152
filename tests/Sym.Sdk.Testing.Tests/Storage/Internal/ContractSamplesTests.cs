using System.Reflection;
using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Storage.Internal;

namespace Sym.Sdk.Testing.Tests.Storage.Internal;

/// <summary>
/// The contract's round-trip checks compare every member, but only prove what its samples set: a property added to the
/// model later must be set by the samples, or these fail.
/// </summary>
public sealed class ContractSamplesTests
{
    [Fact]
    public void Full_SetsEverySymRunPropertyAwayFromItsDefault()
    {
        SymRun full = ContractSamples.Full("r1");
        SymRun bare = ContractSamples.Bare("r2") with { Flow = "other_flow", RequestedAt = default, Requester = new User { Username = "other@example.com" } };
        Unset(full, bare, nameof(SymRun.Version)).Should().BeEmpty("ContractSamples.Full must exercise every stored property of a run");
    }

    [Fact]
    public void EveryKindOfMessage_SetsEveryStoredMessagePropertyInSomeMessage()
    {
        List<SymOutboxMessage> messages = ContractSamples.EveryKindOfMessage(ContractSamples.Full("r1"));
        var bare = new SymOutboxMessage { Id = "other", Kind = SymNotificationKind.Ignored };
        string[] unset = [.. typeof(SymOutboxMessage).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.Name is not (nameof(SymOutboxMessage.Attempts) or nameof(SymOutboxMessage.LastError)
                or nameof(SymOutboxMessage.ClaimToken) or nameof(SymOutboxMessage.ClaimedUntil)))
            .Where(p => messages.All(m => Equals(p.GetValue(m), p.GetValue(bare))))
            .Select(p => p.Name)];
        unset.Should().BeEmpty("a store writes a message's claim state itself; everything else must be exercised by some sample message");
        messages.Select(m => m.Destination?.GetType()).OfType<Type>().Distinct().Should()
            .HaveCount(typeof(Sym.Sdk.Requests.RequestDestination).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(Sym.Sdk.Requests.RequestDestination)) && t.IsPublic && !t.IsAbstract),
                "every kind of request destination is announced");
    }

    private static string[] Unset<T>(T full, T bare, params string[] except) =>
        [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && !except.Contains(p.Name))
            .Where(p => Equivalent(p.GetValue(full), p.GetValue(bare)))
            .Select(p => p.Name)];

    private static bool Equivalent(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) when a is not string =>
            x.Cast<object?>().Count() == y.Cast<object?>().Count() && !x.Cast<object?>().Any(),
        _ => Equals(a, b),
    };
}
