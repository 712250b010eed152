using Sym.Sdk.Runtime;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>When the slow part of a delivery throws for the host to process it again, rather than tell the person now.</summary>
internal static class SlackRetryableDelivery
{
    /// <summary>
    /// Whether to throw <paramref name="ex"/> for the caller to process the delivery again: the host can retry it, the
    /// work was not cancelled, and the failure may pass (not permanent, not the request's own invalid input).
    /// </summary>
    public static bool ShouldRetry(Exception ex, SlackDelivery delivery, CancellationToken cancellationToken) =>
        delivery.CanRetry && !cancellationToken.IsCancellationRequested && !SlackErrors.IsPermanent(ex) && ex is not SymRequestValidationException;
}
