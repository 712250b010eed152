using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sym.Sdk.Runtime.Internal;

/// <summary>The engine's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Sym.Sdk</c>.</summary>
internal sealed class SymTelemetry
{
    public const string Name = "Sym.Sdk";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter SharedMeter = new(Name);

    public SymTelemetry(IMeterFactory? meterFactory)
    {
        Meter meter = meterFactory?.Create(Name) ?? SharedMeter;
        RunsStarted = meter.CreateCounter<long>("sym.runs.started", "{run}", "Requests that created a run.");
        Escalations = meter.CreateCounter<long>("sym.escalations", "{escalation}", "Successful escalations.");
        Deescalations = meter.CreateCounter<long>("sym.deescalations", "{deescalation}", "Successful deescalations.");
        Failures = meter.CreateCounter<long>("sym.failures", "{failure}", "Errors from hooks, reducers, strategies and integrations.");
        DeescalationLag = meter.CreateHistogram<double>("sym.deescalation.lag", "s", "Seconds between a grant's expiry and its deescalation.");
    }

    public Counter<long> RunsStarted { get; }

    public Counter<long> Escalations { get; }

    public Counter<long> Deescalations { get; }

    public Counter<long> Failures { get; }

    public Histogram<double> DeescalationLag { get; }

    public static Activity? StartStep(string step, string flow, string runId)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity = ActivitySource.StartActivity("sym." + step);
        activity?.SetTag("sym.flow", flow);
        activity?.SetTag("sym.run_id", runId);
        return activity;
    }
}
