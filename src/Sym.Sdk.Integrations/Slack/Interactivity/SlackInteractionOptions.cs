namespace Sym.Sdk.Integrations.Slack;

/// <summary>How <see cref="SlackInteractionHandler"/> answers slash commands and interactions.</summary>
public sealed class SlackInteractionOptions
{
    /// <summary>The slash command that opens the request form (<c>/sym req [flow]</c>). The default value is <c>/sym</c>.</summary>
    public string Command { get; set; } = "/sym";

    /// <summary>
    /// The flow <c>/sym req</c> opens when the command names none. The default value is <see langword="null"/>: the only
    /// registered flow, else the person is asked to name one.
    /// </summary>
    public string? DefaultFlow { get; set; }

    /// <summary>
    /// Slack user ids or emails of Sym admins (they may approve, deny and revoke in every flow). Everyone else is a
    /// member, or a guest when Slack marks them restricted. The default value is empty.
    /// </summary>
    public ISet<string> Admins { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the handler DMs the requester that their request was submitted (with a Cancel button) once the engine made
    /// it. The default value is <see langword="true"/>; <c>UseSlackNotifier</c> sets it to <see langword="false"/>, since
    /// <see cref="SlackNotifier"/> posts that DM with the announcement and keeps its reference on the run, so the DM is
    /// retired when the request is decided. Set it back to <see langword="true"/> if you replace the notifier afterwards.
    /// </summary>
    public bool ConfirmSubmissions { get; set; } = true;
}
