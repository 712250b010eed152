namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>A click on one of Sym's buttons, as the slow part needs it.</summary>
internal sealed record SlackClickedAction(string ActionId, string RunId, TimeSpan Extension, string UserId, string? ChannelId, SlackMessageRef? Clicked)
{
    /// <summary>Whether the action id is one of Sym's buttons.</summary>
    public static bool IsKnown(string actionId) => actionId is SlackApprovalMessage.ApproveActionId or SlackApprovalMessage.DenyActionId
        or SlackApprovalMessage.CancelActionId or SlackApprovalMessage.RevokeActionId or SlackApprovalMessage.RelinquishActionId
        or SlackApprovalMessage.ExtendActionId or SlackApprovalMessage.ApproveExtensionActionId or SlackApprovalMessage.DenyExtensionActionId;
}
