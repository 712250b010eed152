namespace Sym.Sdk.Requests;

/// <summary>
/// A chain of destinations: the request goes to the first, and moves to the next when delivery fails
/// (<see cref="ContinueOnDeliveryFailure"/>) or when the destination's timeout passes (<see cref="ContinueOnTimeout"/>).
/// </summary>
/// <remarks>
/// Where the chain is used decides how it is walked. As a flow's default destination (or its approvers), it is a chain
/// over time: each destination becomes one of the run's notifications, and the engine moves the request to the next when
/// the destination's timeout passes (only with <see cref="ContinueOnTimeout"/>) or its announcement cannot be delivered
/// (only with <see cref="ContinueOnDeliveryFailure"/>). Inside one <see cref="Notification"/>, or given to Slack's
/// messenger, it is delivery now: the destinations are tried at once, in order, until one takes the message. Slack's
/// notifier passes over a destination that refuses the announcement for good (a failure that may pass is retried later,
/// on the same destination, so the request is never announced twice); its messenger passes over a failed destination
/// only with <see cref="ContinueOnDeliveryFailure"/>.
/// </remarks>
public sealed record RequestDestinationFallback : RequestDestination
{
    private readonly RequestDestination[] _destinations;

    /// <summary>Creates the chain.</summary>
    /// <param name="destinations">At least two destinations, none of them null or a fallback.</param>
    /// <exception cref="ArgumentException">Fewer than two destinations, a null entry, or a nested fallback.</exception>
    public RequestDestinationFallback(IEnumerable<RequestDestination> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        RequestDestination[] list = [.. destinations];
        if (list.Length < 2)
        {
            throw new ArgumentException($"A fallback needs at least two destinations; got {list.Length}.", nameof(destinations));
        }

        if (Array.Exists(list, static d => d is null or RequestDestinationFallback))
        {
            throw new ArgumentException("A fallback's destinations may not be null or themselves fallbacks.", nameof(destinations));
        }

        _destinations = list;
    }

    /// <summary>The destinations, in order.</summary>
    public IReadOnlyList<RequestDestination> Destinations => _destinations;

    /// <summary>Whether a delivery failure moves to the next destination. The default value is <see langword="true"/>.</summary>
    public bool ContinueOnDeliveryFailure { get; init; } = true;

    /// <summary>Whether a timeout moves to the next destination. The default value is <see langword="false"/>.</summary>
    public bool ContinueOnTimeout { get; init; }

    /// <summary>Whether both chains have equal destinations, in order, and the same settings.</summary>
    /// <param name="other">The other chain.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(RequestDestinationFallback? other) =>
        other is not null
        && base.Equals(other)
        && ContinueOnDeliveryFailure == other.ContinueOnDeliveryFailure
        && ContinueOnTimeout == other.ContinueOnTimeout
        && _destinations.AsSpan().SequenceEqual(other._destinations);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(base.GetHashCode());
        hash.Add(ContinueOnDeliveryFailure);
        hash.Add(ContinueOnTimeout);
        foreach (RequestDestination destination in _destinations)
        {
            hash.Add(destination);
        }

        return hash.ToHashCode();
    }

    private protected override string Describe() => string.Join(", then ", _destinations.Select(static d => d.ToString()));
}
