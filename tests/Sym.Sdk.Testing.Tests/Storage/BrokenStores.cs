using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Tests.Storage;

/// <summary>Stores that each break one rule of the contract, to show the contract's checks catch it.</summary>
internal static class BrokenStores
{
    public static ISymStore Create(string kind) => kind switch
    {
        nameof(ConflictsAppendAudit) => new ConflictsAppendAudit(),
        nameof(CompletesTimersWithoutTheirToken) => new CompletesTimersWithoutTheirToken(),
        nameof(IdentitiesKeyedExactly) => new IdentitiesKeyedExactly(),
        nameof(InboxAcceptsDuplicates) => new InboxAcceptsDuplicates(),
        nameof(LosesMessageUpdates) => new LosesMessageUpdates(),
        nameof(LosesRunActors) => new LosesRunActors(),
        nameof(ThrowsOnRead) => new ThrowsOnRead(),
        _ => throw new ArgumentException(kind, nameof(kind)),
    };

    /// <summary>A conflicting commit still appends its audit entries (not all or nothing).</summary>
    private sealed class ConflictsAppendAudit : DelegatingStore
    {
        public override async ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default)
        {
            SymRunTransition.ThrowIfInvalid(transition);
            if (await Inner.CommitAsync(transition, cancellationToken))
            {
                return true;
            }

            await Inner.CommitAsync(new SymRunTransition { Audit = transition.Audit }, cancellationToken);
            return false;
        }
    }

    /// <summary>Completing a timer removes whatever timer of that kind the run has now, claimed by whomever.</summary>
    private sealed class CompletesTimersWithoutTheirToken : DelegatingStore
    {
        public override async ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default)
        {
            SymTimer? current = (await Inner.GetTimersAsync(timer.RunId, cancellationToken)).FirstOrDefault(t => t.Kind == timer.Kind);
            await Inner.CompleteTimerAsync(current ?? timer, cancellationToken);
        }
    }

    /// <summary>Finds an identity only by the service name's exact case.</summary>
    private sealed class IdentitiesKeyedExactly : DelegatingStore
    {
        public override async ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) =>
            await Inner.GetIdentityAsync(user, service, cancellationToken) is { } identity && identity.Service == service ? identity : null;
    }

    /// <summary>Adds an inbox item whose id it already holds.</summary>
    private sealed class InboxAcceptsDuplicates : DelegatingStore
    {
        public override async ValueTask<SymInboxItem?> TryAddInboxItemAsync(SymInboxItem item, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) =>
            await Inner.TryAddInboxItemAsync(item, now, lease, cancellationToken)
            ?? item with { Attempts = 1, ClaimToken = long.MaxValue, ClaimedUntil = now + lease, ProcessedAt = null };
    }

    /// <summary>Reads outbox messages back without their update.</summary>
    private sealed class LosesMessageUpdates : DelegatingStore
    {
        public override async ValueTask<IReadOnlyList<SymOutboxMessage>> GetPendingMessagesAsync(string? runId = null, CancellationToken cancellationToken = default) =>
            [.. (await Inner.GetPendingMessagesAsync(runId, cancellationToken)).Select(m => m with { Update = null })];
    }

    /// <summary>Reads runs back without who acted at each step.</summary>
    private sealed class LosesRunActors : DelegatingStore
    {
        public override async ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
            await Inner.GetRunAsync(runId, cancellationToken) is { } run ? run with { Actors = new Dictionary<string, User>() } : null;
    }

    /// <summary>Every run read fails.</summary>
    private sealed class ThrowsOnRead : DelegatingStore
    {
        public override ValueTask<SymRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
            throw new IOException("the disk went away");
    }
}
