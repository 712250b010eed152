using Sym.Sdk.Runtime;
using Sym.Sdk.Testing.Tests.Crash;

namespace Sym.Sdk.Hosting.Tests.Internal;

/// <summary>
/// The in-memory store with a switch that makes every write (commits, identity saves, timer and message claims) fail as a
/// store on a full or read-only disk does, with <c>Storage:IO_ERROR</c> (reads keep working), and a hook that makes timer
/// claims hang.
/// </summary>
internal sealed class UnwritableStore : DelegatingStore
{
    public bool Unwritable { get; set; }

    /// <summary>Awaited before each timer claim, when set: a claim that hangs.</summary>
    public Func<Task>? BeforeClaim { get; set; }

    public override ValueTask<bool> CommitAsync(SymRunTransition transition, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : base.CommitAsync(transition, cancellationToken);

    public override ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : base.SaveIdentityAsync(user, identity, cancellationToken);

    public override async ValueTask<IReadOnlyList<SymTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        if (BeforeClaim is { } wait)
        {
            await wait();
        }

        return Unwritable ? throw Failure() : await base.ClaimDueTimersAsync(now, maxCount, lease, cancellationToken);
    }

    public override ValueTask CompleteTimerAsync(SymTimer timer, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : base.CompleteTimerAsync(timer, cancellationToken);

    public override ValueTask<IReadOnlyList<SymOutboxMessage>> ClaimDueMessagesAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Unwritable ? throw Failure() : base.ClaimDueMessagesAsync(now, maxCount, lease, cancellationToken);

    private static SymException Failure() => new("Storage:IO_ERROR", "The Sym store '/srv/sym/sym.db' could not be written: disk I/O error.");
}
