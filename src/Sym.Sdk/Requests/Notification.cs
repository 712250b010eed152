namespace Sym.Sdk.Requests;

/// <summary>
/// One place a request is announced, with how long to wait there (Sym's <c>Notification</c>). Returned in order by
/// <c>FlowImplementation.GetRequestNotificationsAsync</c>: when one times out or fails delivery the engine forwards the
/// request to the next; when all are exhausted the request expires.
/// </summary>
public sealed record Notification
{
    private readonly RequestDestination[] _destinations;

    /// <summary>Creates a notification.</summary>
    /// <param name="destinations">At least one destination; at most one of them a Slack destination.</param>
    /// <param name="timeout">How long to wait for a decision before forwarding, or <see langword="null"/> for no limit.</param>
    /// <exception cref="ArgumentException">No destination, a null entry, or more than one Slack destination.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
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

        int slack = list.Count(static d => d.IsSlack);
        if (slack > 1)
        {
            throw new ArgumentException(
                $"A notification may have at most one Slack destination; got {slack}. Return one notification per destination, or use a RequestDestinationFallback to chain them.",
                nameof(destinations));
        }

        if (timeout is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(timeout));
        }

        _destinations = list;
        Timeout = timeout;
    }

    /// <summary>Creates a notification for one destination.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="timeout">How long to wait before forwarding, or <see langword="null"/>.</param>
    /// <returns>The notification.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    public static Notification To(RequestDestination destination, TimeSpan? timeout = null) =>
        new([destination ?? throw new ArgumentNullException(nameof(destination))], timeout);

    /// <summary>The destinations.</summary>
    public IReadOnlyList<RequestDestination> Destinations => _destinations;

    /// <summary>How long to wait for a decision before forwarding, or <see langword="null"/> for no limit.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Whether both notifications have equal destinations, in order, and the same timeout.</summary>
    /// <param name="other">The other notification.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(Notification? other) =>
        other is not null && Timeout == other.Timeout && _destinations.AsSpan().SequenceEqual(other._destinations);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Timeout);
        foreach (RequestDestination destination in _destinations)
        {
            hash.Add(destination);
        }

        return hash.ToHashCode();
    }
}
