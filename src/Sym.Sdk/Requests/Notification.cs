namespace Sym.Sdk.Requests;

/// <summary>
/// One place a request is announced, with how long to wait there (Sym's <c>Notification</c>). Returned in order by
/// <c>FlowImplementation.GetRequestNotificationsAsync</c>: when one times out or fails delivery the engine forwards the
/// request to the next; when all are exhausted the request expires.
/// </summary>
public sealed record Notification
{
    /// <summary>Creates a notification.</summary>
    /// <param name="destinations">At least one destination; at most one of them a Slack destination.</param>
    /// <param name="timeout">How long to wait for a decision before forwarding, or <see langword="null"/> for no limit.</param>
    /// <exception cref="ArgumentException">No destination, or more than one Slack destination.</exception>
    public Notification(IEnumerable<RequestDestination> destinations, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        RequestDestination[] list = [.. destinations];
        if (list.Length == 0)
        {
            throw new ArgumentException("A notification needs at least one destination.", nameof(destinations));
        }

        if (Array.Exists(list, static d => d is null))
        {
            throw new ArgumentException("A notification's destinations may not be null.", nameof(destinations));
        }

        if (list.Length > 1)
        {
            throw new ArgumentException(
                $"A notification may have at most one Slack destination; got {list.Length}. Use a RequestDestinationFallback to chain them.",
                nameof(destinations));
        }

        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "A notification's timeout must be positive.");
        }

        Destinations = list;
        Timeout = timeout;
    }

    /// <summary>Creates a notification for one destination.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="timeout">How long to wait before forwarding, or <see langword="null"/>.</param>
    /// <returns>The notification.</returns>
    public static Notification To(RequestDestination destination, TimeSpan? timeout = null) =>
        new([destination ?? throw new ArgumentNullException(nameof(destination))], timeout);

    /// <summary>The destinations.</summary>
    public IReadOnlyList<RequestDestination> Destinations { get; }

    /// <summary>How long to wait for a decision before forwarding, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? Timeout { get; }
}
