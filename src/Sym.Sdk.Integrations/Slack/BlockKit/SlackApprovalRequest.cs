namespace Sym.Sdk.Integrations.Slack;

/// <summary>What the approval message shows about a request.</summary>
public sealed record SlackApprovalRequest
{
    /// <summary>The run id: the value the Approve and Deny buttons carry.</summary>
    public required string RunId { get; init; }

    /// <summary>Who asks, as mrkdwn (a mention such as <c>&lt;@U123&gt;</c> from <c>Slack.Mention</c>, or a name).</summary>
    public required string Requester { get; init; }

    /// <summary>What access is asked for (the target's label).</summary>
    public required string Target { get; init; }

    /// <summary>For how long, or <see langword="null"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The requester's reason, or <see langword="null"/>. Shown as plain text (mrkdwn is escaped).</summary>
    public string? Reason { get; init; }

    /// <summary>The flow's label, shown in the header, or <see langword="null"/>.</summary>
    public string? FlowLabel { get; init; }

    /// <summary>Other fields to show, label and value, in order (values are escaped).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];

    /// <summary>
    /// The labels of <see cref="Fields"/> whose values are Slack user ids (<c>slack_user</c>, <c>slack_user_list</c>),
    /// comma-separated: each valid id is shown as a mention, anything else as escaped text.
    /// </summary>
    internal IReadOnlySet<string> UserFieldLabels { get; init; } = EmptyLabels;

    private static readonly IReadOnlySet<string> EmptyLabels = new HashSet<string>(StringComparer.Ordinal);
}
