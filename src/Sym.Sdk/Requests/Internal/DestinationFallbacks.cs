namespace Sym.Sdk.Requests.Internal;

/// <summary>
/// The one walk over a <see cref="RequestDestinationFallback"/>'s destinations, in order. A fallback means one of two
/// things, by where it is used, and each has its walk here:
/// <list type="bullet">
/// <item><b>A chain over time</b> (<see cref="Plan"/>): a flow's default destination. The engine makes each destination one
/// of the run's notifications and moves to the next when the destination's timeout passes
/// (<see cref="RequestDestinationFallback.ContinueOnTimeout"/>) or its announcement cannot be delivered
/// (<see cref="RequestDestinationFallback.ContinueOnDeliveryFailure"/>); the run records where it is.</item>
/// <item><b>Delivery now</b> (<see cref="DeliverAsync"/>): a fallback inside one notification, or given to a messenger. The
/// destinations are tried at once, in order, until one takes the message; which failures move on is the caller's rule.</item>
/// </list>
/// </summary>
/// <remarks>
/// Shared with Sym.Sdk.Integrations by linking this file (as <c>SecretRedactor</c> is), not through internals.
/// </remarks>
internal static class DestinationFallbacks
{
    /// <summary>
    /// The chain over time for a destination: one notification per destination of a fallback (each keeping its own
    /// timeout only when the fallback continues on timeout), or one notification for any other destination; and whether a
    /// delivery failure moves the run to the next notification.
    /// </summary>
    /// <param name="destination">The destination.</param>
    /// <returns>The notifications, in order, and whether a failed delivery forwards.</returns>
    public static (IReadOnlyList<Notification> Plan, bool ForwardOnFailure) Plan(RequestDestination destination)
    {
        if (destination is not RequestDestinationFallback fallback)
        {
            return ([Notification.To(destination, destination.Timeout)], true);
        }

        var list = new Notification[fallback.Destinations.Count];
        for (int i = 0; i < list.Length; i++)
        {
            RequestDestination d = fallback.Destinations[i];
            list[i] = fallback.ContinueOnTimeout ? Notification.To(d, d.Timeout) : Notification.To(d with { Timeout = null });
        }

        return (list, fallback.ContinueOnDeliveryFailure);
    }

    /// <summary>
    /// Delivers to the first destination that takes it: a fallback's destinations in order, or the destination alone. A
    /// failure <paramref name="moveOn"/> accepts is reported to <paramref name="skipped"/> and the next destination is
    /// tried; any other failure is thrown.
    /// </summary>
    /// <typeparam name="T">What a delivery gives back.</typeparam>
    /// <param name="destination">The destination.</param>
    /// <param name="deliver">Delivers to one destination (never a fallback).</param>
    /// <param name="moveOn">Whether a failure moves on to the next destination.</param>
    /// <param name="skipped">Told of each destination that failed and was passed over, or <see langword="null"/>.</param>
    /// <returns>
    /// The first delivery's result; or, when every destination failed in a way <paramref name="moveOn"/> accepted, no result
    /// and the last failure.
    /// </returns>
    public static async ValueTask<(bool Delivered, T? Result, Exception? LastFailure)> DeliverAsync<T>(
        RequestDestination destination, Func<RequestDestination, ValueTask<T>> deliver, Func<Exception, bool> moveOn,
        Action<RequestDestination, Exception>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(deliver);
        ArgumentNullException.ThrowIfNull(moveOn);
        IReadOnlyList<RequestDestination> destinations = destination is RequestDestinationFallback fallback ? fallback.Destinations : [destination];
        Exception? last = null;
        foreach (RequestDestination next in destinations)
        {
            try
            {
                return (true, await deliver(next).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (moveOn(ex))
            {
                last = ex;
                skipped?.Invoke(next, ex);
            }
        }

        return (false, default, last);
    }
}
