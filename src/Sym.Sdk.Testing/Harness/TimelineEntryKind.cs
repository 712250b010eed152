namespace Sym.Sdk.Testing;

/// <summary>What a <see cref="TimelineEntry"/> records.</summary>
public enum TimelineEntryKind
{
    /// <summary>Something the story did: a request, an approval, a revoke, time passing, a replayed event.</summary>
    Action = 0,

    /// <summary>A step the engine recorded in the audit log (applied, ignored, no-op or failed).</summary>
    Step = 1,

    /// <summary>A call to the flow's strategy (escalate or deescalate), with its event and outcome.</summary>
    StrategyCall = 2,

    /// <summary>A message the engine sent through its notifier: an announcement, an update, a DM, an ignored-action reply.</summary>
    Message = 3,

    /// <summary>An error the engine reported to the flow's error channel.</summary>
    Error = 4,

    /// <summary>An operation on a fake (an HTTP request, a Slack or Okta call, …).</summary>
    FakeCall = 5,

    /// <summary>A fault a fake's <see cref="Faults.FaultInjector"/> injected.</summary>
    Fault = 6,
}
