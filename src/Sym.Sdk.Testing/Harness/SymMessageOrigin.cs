namespace Sym.Sdk.Testing;

/// <summary>Who sent a message a <see cref="SymFlowHarness"/> recorded in <see cref="SymFlowHarness.Messages"/>.</summary>
public enum SymMessageOrigin
{
    /// <summary>The engine, through its notifier: announcements, request updates, DMs to the requester, errors, replies to ignored actions.</summary>
    Engine = 0,

    /// <summary>The flow's own code (a hook, reducer or strategy) posting to Slack, for example through <c>SlackMessenger</c> on a <c>FakeSlack</c>.</summary>
    Hook = 1,
}
