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
}
