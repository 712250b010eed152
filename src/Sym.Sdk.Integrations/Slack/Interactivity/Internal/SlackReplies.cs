using Microsoft.Extensions.Logging;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>
/// Tells the person who acted what became of it: ephemeral in the conversation they acted in, else (or if that fails) in
/// the app's DM with them. A failure to tell is logged, never thrown.
/// </summary>
internal sealed class SlackReplies(ISlackClient client, ILogger logger)
{
    /// <summary>Tells a person something: ephemeral in the conversation they acted in, else (or if that fails) in the app's DM.</summary>
    public Task TellAsync(string userId, string? channelId, string text, CancellationToken cancellationToken) =>
        TellAsync(userId, channelId, new SlackMessage(text), cancellationToken);

    /// <inheritdoc cref="TellAsync(string, string?, string, CancellationToken)"/>
    public async Task TellAsync(string userId, string? channelId, SlackMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (channelId is not null)
            {
                try
                {
                    await client.PostEphemeralAsync(channelId, userId, message, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (SymException ex) when (ex is not SymAuthenticationException)
                {
                    SlackLog.InteractionFailed(logger, "tell-ephemeral", userId, SlackErrorText.For(ex));
                }
            }

            await client.PostMessageAsync(userId, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InteractionFailed(logger, "tell", userId, SlackErrorText.For(ex));
        }
    }
}
