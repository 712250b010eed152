using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;
using Instruments = Sym.Sdk.Runtime.Internal.SymTelemetryNames.Instruments;
using Spans = Sym.Sdk.Runtime.Internal.SymTelemetryNames.Spans;
using Tags = Sym.Sdk.Runtime.Internal.SymTelemetryNames.Tags;

namespace Sym.Sdk.Tests.Runtime;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Metrics_CountRunsEscalationsDeescalationsFailuresAndLag()
    {
        using var factory = new TestMeterFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<IMeterFactory>(factory));
        using var measurements = new MeasurementRecorder(factory);

        SymRun run = await h.ActiveRunAsync();
        h.Strategy.FailDeescalates(1);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Engine.ProcessDueTimersAsync();
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));

        factory.Meters.Should().ContainSingle().Which.Name.Should().Be(SymTelemetryNames.Source).And.Be("Sym.Sdk");
        measurements.Sum(Instruments.RunsStarted).Should().Be(1);
        measurements.Sum(Instruments.Escalations).Should().Be(1);
        measurements.Sum(Instruments.Deescalations).Should().Be(1);
        measurements.Sum(Instruments.Failures).Should().Be(1);
        double lag = measurements.Of(Instruments.DeescalationLag).Should().ContainSingle().Subject.Value;
        lag.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(10, "the retry came at most 10 seconds after expiry");
        (await h.RunAsync(run.Id)).State.Should().Be(SymRunState.Ended);
    }

    [Fact]
    public async Task Metrics_OfARun_CarryItsFlowAndErrorCodeButNeverItsRunId()
    {
        using var factory = new TestMeterFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<IMeterFactory>(factory));
        using var measurements = new MeasurementRecorder(factory);

        await h.ActiveRunAsync();
        h.Strategy.FailDeescalates(1);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.Engine.ProcessDueTimersAsync();
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));

        foreach (string name in new[] { Instruments.RunsStarted, Instruments.Escalations, Instruments.Deescalations, Instruments.Failures, Instruments.DeescalationLag })
        {
            measurements.Of(name).Should().NotBeEmpty(name).And.OnlyContain(m => Equals(m.Tags.GetValueOrDefault(Tags.Flow), EngineHarness.FlowName), name);
        }

        measurements.All.Should().NotContain(m => m.Tags.ContainsKey(Tags.RunId), "a run id on a metric makes its cardinality unbounded");
        measurements.Of(Instruments.Deescalations).Single().Tags[Tags.DeescalateType].Should().Be("scheduled");
        IReadOnlyDictionary<string, object?> failure = measurements.Of(Instruments.Failures).Single().Tags;
        failure[Tags.Step].Should().Be("deescalate");
        failure[Tags.ErrorSource].Should().Be("strategy");
        failure[Tags.ErrorCode].Should().Be(SymErrorCodes.UserCodeFailed, "the deescalate threw an InvalidOperationException");
    }

    [Fact]
    public async Task Activities_AreStartedPerStepOnTheSymSdkSource()
    {
        using var spans = new SpanRecorder();
        using var h = EngineHarness.Create();

        SymRun run = await h.ActiveRunAsync();

        spans.Of(run.Id).Select(a => a.OperationName).Should().Equal(Spans.Request, Spans.Escalate, Spans.Approve);
        spans.Of(run.Id).Should().OnlyContain(a => Equals(a.GetTagItem(Tags.Flow), EngineHarness.FlowName) && a.Status == ActivityStatusCode.Unset);
    }

    [Fact]
    public async Task FailedEscalate_MarksItsSpanErrorWithTheExceptionCountsTheCodeAndLogsTheException()
    {
        using var spans = new SpanRecorder();
        using var factory = new TestMeterFactory();
        var logs = new CapturingLoggerFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<IMeterFactory>(factory).AddSingleton<ILoggerFactory>(logs));
        using var measurements = new MeasurementRecorder(factory);
        var thrown = new SymException("Okta:HTTP_503", "Okta answered 503 Service Unavailable", "Try again once Okta is back.");
        h.Strategy.EscalateError = () => thrown;
        h.Strategy.FailEscalates(1);
        SymRun pending = await h.RequestAsync();

        await h.Engine.ApproveAsync(pending.Id, EngineHarness.Approver);

        SymRun run = await h.RunAsync(pending.Id);
        run.State.Should().Be(SymRunState.Errored);
        const string text = "Okta answered 503 Service Unavailable. Try again once Okta is back.";
        run.Errors.Should().ContainSingle().Which.Message.Should().Be(text);

        Activity escalate = spans.Of(run.Id).Should().ContainSingle(a => a.OperationName == Spans.Escalate).Subject;
        escalate.Status.Should().Be(ActivityStatusCode.Error);
        escalate.StatusDescription.Should().Be(text);
        escalate.GetTagItem(Tags.ErrorCode).Should().Be("Okta:HTTP_503");
        escalate.GetTagItem(Tags.Flow).Should().Be(EngineHarness.FlowName);
        ActivityEvent exception = escalate.Events.Should().ContainSingle(e => e.Name == "exception").Subject;
        exception.Tags.Should().Contain(new KeyValuePair<string, object?>("exception.type", typeof(SymException).FullName))
            .And.Contain(new KeyValuePair<string, object?>("exception.message", thrown.Message));
        spans.Of(run.Id).Single(a => a.OperationName == Spans.Approve).Status.Should().Be(ActivityStatusCode.Unset, "the approval itself succeeded");
        Activity compensate = spans.Of(run.Id).Should().ContainSingle(a => a.OperationName == Spans.Deescalate).Subject;
        compensate.Status.Should().Be(ActivityStatusCode.Unset, "the compensating deescalate succeeded");
        compensate.GetTagItem(Tags.DeescalateType).Should().Be("compensate");
        compensate.ParentSpanId.Should().Be(escalate.SpanId);

        IReadOnlyDictionary<string, object?> failure = measurements.Of(Instruments.Failures).Should().ContainSingle().Subject.Tags;
        failure.Should().Contain(Tags.Flow, EngineHarness.FlowName).And.Contain(Tags.Step, "escalate")
            .And.Contain(Tags.ErrorCode, "Okta:HTTP_503").And.Contain(Tags.ErrorSource, "strategy");

        int logged = logs.Entries.FindIndex(e => e.Id.Id == 1);
        logged.Should().BeGreaterThanOrEqualTo(0);
        logs.Entries[logged].Level.Should().Be(LogLevel.Error);
        logs.Exceptions[logged].Should().BeSameAs(thrown, "nothing in it needed redacting");
    }

    [Fact]
    public async Task FailedStep_WhoseExceptionHoldsASecret_LogsAndRecordsItRedacted()
    {
        using var spans = new SpanRecorder();
        var logs = new CapturingLoggerFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<ILoggerFactory>(logs));
        h.Strategy.FailEscalates(1); // its message holds a Slack token
        SymRun pending = await h.RequestAsync();

        await h.Engine.ApproveAsync(pending.Id, EngineHarness.Approver);

        Exception logged = logs.Exceptions[logs.Entries.FindIndex(e => e.Id.Id == 1)]!;
        logged.Should().BeOfType<RedactedException>().Which.OriginalType.Should().Be(typeof(SymException).FullName);
        logged.ToString().Should().Contain("Test:ESCALATE_FAILED").And.NotContain("xoxb-1234567890");
        logged.Message.Should().NotContain("xoxb-1234567890");
        ActivityEvent exception = spans.Of(pending.Id).Single(a => a.OperationName == Spans.Escalate).Events.Single(e => e.Name == "exception");
        exception.Tags.Select(t => t.Value as string).Should().NotContain(v => v != null && v.Contains("xoxb-1234567890", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IgnoredApproval_IsLoggedAtInformationNotWarning()
    {
        var logs = new CapturingLoggerFactory();
        using var h = EngineHarness.Create(services: s => s.AddSingleton<ILoggerFactory>(logs));
        SymRun pending = await h.RequestAsync();

        SymActionResult result = await h.Engine.ApproveAsync(pending.Id, EngineHarness.Requester);

        result.Status.Should().Be(SymActionStatus.Ignored);
        logs.Entries.Should().ContainSingle(e => e.Id.Id == 3).Which.Level.Should().Be(LogLevel.Information);
        logs.Entries.Should().NotContain(e => e.Level >= LogLevel.Warning);
    }

    /// <summary>Every measurement of the meters one <see cref="TestMeterFactory"/> created, with its tags.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Name, double Value, IReadOnlyDictionary<string, object?> Tags)> _all = [];

        public MeasurementRecorder(TestMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (factory.Meters.Contains(instrument.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i.Name, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i.Name, v, tags));
            _listener.Start();
        }

        public IReadOnlyList<(string Name, double Value, IReadOnlyDictionary<string, object?> Tags)> All
        {
            get
            {
                lock (_all)
                {
                    return [.. _all];
                }
            }
        }

        public List<(string Name, double Value, IReadOnlyDictionary<string, object?> Tags)> Of(string name) => All.Where(m => m.Name == name).ToList();

        public double Sum(string name) => Of(name).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();

        private void Add(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (_all)
            {
                _all.Add((name, value, copy));
            }
        }
    }

    /// <summary>The stopped activities of the <c>Sym.Sdk</c> source (other tests' too: select by run id).</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly List<Activity> _stopped = [];
        private readonly ActivityListener _listener;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == SymTelemetryNames.Source,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    lock (_stopped)
                    {
                        _stopped.Add(a);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public List<Activity> Of(string runId)
        {
            lock (_stopped)
            {
                return _stopped.Where(a => Equals(a.GetTagItem(Tags.RunId), runId)).ToList();
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
