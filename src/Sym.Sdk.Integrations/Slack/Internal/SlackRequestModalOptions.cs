namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>How <see cref="SlackRequestModal"/> builds and reads the request modal.</summary>
internal sealed record SlackRequestModalOptions
{
    /// <summary>The modal's title (at most 24 characters). The default value is <c>Request access</c>.</summary>
    public string Title { get; init; } = "Request access";

    /// <summary>The submit button's text. The default value is <c>Request</c>.</summary>
    public string SubmitText { get; init; } = "Request";

    /// <summary>The view's callback id. The default value is <c>sym_request</c>.</summary>
    public string CallbackId { get; init; } = "sym_request";

    /// <summary>Text carried through to the submission (for example the flow name), or <see langword="null"/>.</summary>
    public string? PrivateMetadata { get; init; }

    /// <summary>The targets to choose from; when any are given the modal starts with a target select (block id <c>target</c>).</summary>
    public IReadOnlyList<AccessTarget> Targets { get; init; } = [];

    /// <summary>
    /// The durations offered for a <c>duration</c> field that has no allowed values of its own.
    /// The default value is 30 minutes, 1 hour, 4 hours, 1 day.
    /// </summary>
    public IReadOnlyList<TimeSpan> Durations { get; init; } =
        [TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromDays(1)];
}
