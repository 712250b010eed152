namespace Sym.Sdk.Testing.Faults;

/// <summary>
/// Deterministic fault injection, the same on every fake: fail the next N calls, fail chosen call numbers, or fail on a
/// seeded random schedule (the same seed gives the same failures). Each fake exposes one as its <c>Faults</c> property
/// and asks it before every operation.
/// </summary>
/// <remarks>
/// <para>Rules can be limited to operations whose name starts with a prefix (for example <c>chat.</c> or
/// <c>okta.RemoveUserFromGroup</c>). The first rule that fires decides; a fired <see cref="FailNext"/> rule is used up.
/// Thread-safe.</para>
/// <para>In a <see cref="SymFlowHarness"/>, <see cref="SymFlowHarness.Reset"/> puts every injector back as the harness was
/// built: rules armed before <see cref="SymFlowHarnessBuilder.Build"/> start over (a <see cref="FailNext"/> count is whole
/// again, <see cref="FailCalls"/> counts from 1, <see cref="FailRandomly"/> replays its seed from the start), rules armed
/// later are dropped, and <see cref="Calls"/> and <see cref="Fired"/> start from nothing, so a story fires the same faults
/// after a reset as on a fresh harness.</para>
/// </remarks>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly List<FaultRecord> _fired = [];
    private Rule[] _armedAtStart = [];
    private int _calls;

    /// <summary>How many operations have asked this injector so far (since the last <see cref="SymFlowHarness.Reset"/>, in a harness).</summary>
    public int Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    /// <summary>The faults fired so far, in order (since the last <see cref="SymFlowHarness.Reset"/>, in a harness).</summary>
    public IReadOnlyList<FaultRecord> Fired
    {
        get
        {
            lock (_gate)
            {
                return [.. _fired];
            }
        }
    }

    /// <summary>Fails the next <paramref name="count"/> matching calls.</summary>
    /// <param name="count">How many calls to fail (at least 1).</param>
    /// <param name="operationPrefix">Limit to operations starting with this, or <see langword="null"/> for all.</param>
    /// <param name="exception">Makes the exception to raise; the default raises <see cref="InjectedFaultException"/>.</param>
    /// <returns>This injector, for chaining.</returns>
    public FaultInjector FailNext(int count, string? operationPrefix = null, Func<string, Exception>? exception = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Add(new Rule(operationPrefix, exception) { Count = count });
    }

    /// <summary>Fails the matching calls with these 1-based numbers (counted over matching calls only).</summary>
    /// <param name="callNumbers">The call numbers, for example 2 and 5.</param>
    /// <param name="operationPrefix">Limit to operations starting with this, or <see langword="null"/> for all.</param>
    /// <param name="exception">Makes the exception to raise; the default raises <see cref="InjectedFaultException"/>.</param>
    /// <returns>This injector, for chaining.</returns>
    public FaultInjector FailCalls(IEnumerable<int> callNumbers, string? operationPrefix = null, Func<string, Exception>? exception = null)
    {
        ArgumentNullException.ThrowIfNull(callNumbers);
        var set = new HashSet<int>(callNumbers);
        if (set.Count == 0 || set.Any(static n => n < 1))
        {
            throw new ArgumentException("Call numbers are 1-based and at least one is needed.", nameof(callNumbers));
        }

        return Add(new Rule(operationPrefix, exception) { CallNumbers = set });
    }

    /// <summary>
    /// Fails each matching call with a probability, drawn from a random sequence seeded with <paramref name="seed"/>:
    /// the same seed and the same sequence of calls give the same failures.
    /// </summary>
    /// <param name="probability">The chance of failure per call, from 0 to 1.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="operationPrefix">Limit to operations starting with this, or <see langword="null"/> for all.</param>
    /// <param name="exception">Makes the exception to raise; the default raises <see cref="InjectedFaultException"/>.</param>
    /// <returns>This injector, for chaining.</returns>
    public FaultInjector FailRandomly(double probability, int seed, string? operationPrefix = null, Func<string, Exception>? exception = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1);
        return Add(new Rule(operationPrefix, exception) { Probability = probability, Seed = seed });
    }

    /// <summary>Removes every rule (the call count and the record of fired faults stay).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Remembers the rules armed now as the ones <see cref="Restart"/> brings back (the harness calls this when it is built).</summary>
    internal void MarkStart()
    {
        lock (_gate)
        {
            _armedAtStart = [.. _rules];
        }
    }

    /// <summary>
    /// Puts the injector back as it was at <see cref="MarkStart"/>: those rules, each from its beginning, and no calls or
    /// fired faults. Rules armed since are dropped.
    /// </summary>
    internal void Restart()
    {
        lock (_gate)
        {
            _rules.Clear();
            foreach (Rule rule in _armedAtStart)
            {
                rule.Restart();
                _rules.Add(rule);
            }

            _fired.Clear();
            _calls = 0;
        }
    }

    /// <summary>Asks whether an operation fails now; fakes call this before doing anything.</summary>
    /// <param name="operation">The operation's name, for example <c>chat.postMessage</c>.</param>
    /// <returns>The exception to raise, or <see langword="null"/> to proceed.</returns>
    public Exception? Check(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        Exception? fault = CheckCore(operation, out int call);
        Observer?.Invoke(operation, call, fault);
        return fault;
    }

    /// <summary>Sees every operation checked and the fault it got, if any (the flow harness puts them in its timeline).</summary>
    internal Action<string, int, Exception?>? Observer { get; set; }

    private Exception? CheckCore(string operation, out int call)
    {
        lock (_gate)
        {
            call = ++_calls;
            foreach (Rule rule in _rules)
            {
                if (rule.Prefix is not null && !operation.StartsWith(rule.Prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                int matching = ++rule.MatchingCalls;
                bool fire = rule switch
                {
                    { Remaining: > 0 } => rule.Remaining-- > 0,
                    { CallNumbers: { } numbers } => numbers.Contains(matching),
                    { Random: { } random } => random.NextDouble() < rule.Probability,
                    _ => false,
                };

                if (fire)
                {
                    _fired.Add(new FaultRecord(operation, call));
                    return rule.Exception?.Invoke(operation) ?? new InjectedFaultException(operation, call);
                }
            }

            return null;
        }
    }

    /// <summary>Throws if an operation fails now.</summary>
    /// <param name="operation">The operation's name.</param>
    public void ThrowIfFaulted(string operation)
    {
        if (Check(operation) is { } exception)
        {
            throw exception;
        }
    }

    private FaultInjector Add(Rule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return this;
    }

    private sealed class Rule(string? prefix, Func<string, Exception>? exception)
    {
        private readonly int _count;
        private readonly int? _seed;

        public string? Prefix { get; } = prefix;

        public Func<string, Exception>? Exception { get; } = exception;

        /// <summary>For a FailNext rule, how many calls it fails in all.</summary>
        public int Count
        {
            get => _count;
            init => Remaining = _count = value;
        }

        public int Remaining { get; set; }

        public HashSet<int>? CallNumbers { get; init; }

        /// <summary>For a FailRandomly rule, the seed its sequence starts from.</summary>
        public int? Seed
        {
            get => _seed;
            init
            {
                _seed = value;
                Random = value is { } seed ? new Random(seed) : null;
            }
        }

        public Random? Random { get; private set; }

        public double Probability { get; init; }

        public int MatchingCalls { get; set; }

        /// <summary>Back to how the rule was armed: the whole count, call numbers from 1, the seed's sequence from its start.</summary>
        public void Restart()
        {
            Remaining = _count;
            MatchingCalls = 0;
            Random = _seed is { } seed ? new Random(seed) : null;
        }
    }
}
