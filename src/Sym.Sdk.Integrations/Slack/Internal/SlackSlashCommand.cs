namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>A slash command as Slack posts it (form fields); parse with <see cref="SlackPayloads.ParseSlashCommand(string)"/>.</summary>
internal sealed record SlackSlashCommand
{
    /// <summary>The command, for example <c>/sym</c>.</summary>
    public required string Command { get; init; }

    /// <summary>The text after the command, for example <c>req</c> (may be empty).</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The id of the user who ran the command.</summary>
    public required string UserId { get; init; }

    /// <summary>The handle of the user who ran the command.</summary>
    public string? UserName { get; init; }

    /// <summary>The channel the command was run in.</summary>
    public string? ChannelId { get; init; }

    /// <summary>The channel's name.</summary>
    public string? ChannelName { get; init; }

    /// <summary>The workspace id.</summary>
    public string? TeamId { get; init; }

    /// <summary>The workspace's domain.</summary>
    public string? TeamDomain { get; init; }

    /// <summary>The Enterprise Grid id, if any.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>The app id.</summary>
    public string? ApiAppId { get; init; }

    /// <summary>The trigger id, to open a modal within 3 seconds.</summary>
    public string? TriggerId { get; init; }

    /// <summary>Where to post delayed responses, for 30 minutes.</summary>
    public Uri? ResponseUrl { get; init; }
}
