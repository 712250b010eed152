using System.Reflection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests.Storage;

public sealed class RunDocumentsTests
{
    /// <summary>
    /// The round-trip tests compare every member, but only prove what the sample sets: a property added to
    /// <see cref="SymRun"/> later must be set here (and so mapped by RunDocuments), or this fails.
    /// </summary>
    [Fact]
    public void FullSample_SetsEverySymRunPropertyAwayFromItsDefault()
    {
        SymRun full = SampleRuns.Full("r1");
        SymRun bare = SampleRuns.Bare("r2") with { Flow = "other_flow", RequestedAt = default, Requester = new User { Username = "other@example.com" } };
        string[] unset = [.. typeof(SymRun).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.Name != nameof(SymRun.Version))
            .Where(p => Equivalent(p.GetValue(full), p.GetValue(bare)))
            .Select(p => p.Name)];
        unset.Should().BeEmpty("SampleRuns.Full must exercise every stored property");
    }

    /// <summary>
    /// An outbox message is its columns plus its document (RunDocuments.SerializeMessage); the store contract checks both
    /// round-trip every member the sample sets. A property added to <see cref="SymOutboxMessage"/>, <see cref="SymRunUpdate"/>
    /// or <see cref="SymErrorReport"/> must be stored too, and listed here, or this fails.
    /// </summary>
    [Fact]
    public void StoredMessage_CoversEveryPropertyOfTheMessageModel()
    {
        Names<SymOutboxMessage>().Should().BeEquivalentTo(
            "Id", "Kind", "RunId", "Run", "Destination", "NotificationIndex", "Update", "Channel", "Error", "CreatedAt", "DueAt", "Attempts", "LastError",
            "ClaimToken", "ClaimedUntil", "OrderKey");
        Names<SymRunUpdate>().Should().BeEquivalentTo("Kind", "Actor", "Message");
        Names<SymErrorReport>().Should().BeEquivalentTo("Flow", "RunId", "Error", "Requester");
        Names<SymRunError>().Should().BeEquivalentTo("Step", "Code", "Message", "Source", "Timestamp");
        Names<SymInboxItem>().Should().BeEquivalentTo("Id", "Source", "Body", "ReceivedAt", "Attempts", "ClaimToken", "ClaimedUntil", "ProcessedAt");
    }

    private static string[] Names<T>() => [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name)];

    private static bool Equivalent(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) when a is not string =>
            x.Cast<object?>().Count() == y.Cast<object?>().Count() && !x.Cast<object?>().Any(),
        _ => Equals(a, b),
    };
}
