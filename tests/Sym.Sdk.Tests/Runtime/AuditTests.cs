using System.Text;
using System.Text.Json;
using Sym.Sdk.Runtime;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Tests.Runtime;

public sealed class AuditTests
{
    private static readonly User Other = new() { Username = "other@example.com" };

    [Fact]
    public async Task Audit_RecordsEveryStepWithActorTimeAndOutcome()
    {
        using var h = EngineHarness.Create();
        DateTimeOffset start = h.Time.GetUtcNow();
        SymRun run = await h.ActiveRunAsync();
        await h.AdvanceAsync(TimeSpan.FromHours(1));

        List<SymAuditEntry> entries = await h.AuditAsync(new() { RunId = run.Id });
        entries.Select(e => (e.Step, e.Actor, e.Outcome)).Should().Equal(
            ("request", "req@example.com", SymAuditOutcome.Applied),
            ("approve", "approver@example.com", SymAuditOutcome.Applied),
            ("escalate", "approver@example.com", SymAuditOutcome.Applied),
            ("deescalate", "sym", SymAuditOutcome.Applied));
        entries.Select(e => e.Sequence).Should().BeInAscendingOrder();
        entries.Should().AllSatisfy(e =>
        {
            e.Target.Should().Be("prod");
            e.Requester.Should().Be("req@example.com");
            e.Reason.Should().Be("incident 42");
            e.Duration.Should().Be(TimeSpan.FromHours(1));
        });
        entries[^1].Timestamp.Should().Be(start + TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Audit_QueriesByUserAndTarget()
    {
        using var h = EngineHarness.Create(o => o.Targets.Add(new() { Name = "staging" }));
        SymRun mine = await h.RequestAsync();
        SymActionResult others = await h.Engine.RequestAsync(EngineHarness.NewRequest(Other) with { Target = "staging" });
        await h.Engine.ApproveAsync(others.Run!.Id, EngineHarness.Approver);

        (await h.AuditAsync(new() { User = "REQ@example.com" })).Should().OnlyContain(e => e.RunId == mine.Id);
        (await h.AuditAsync(new() { User = "approver@example.com" })).Select(e => e.Step).Should().Equal("approve", "escalate");
        (await h.AuditAsync(new() { Target = "staging" })).Should().OnlyContain(e => e.RunId == others.Run.Id).And.HaveCount(3);
        (await h.AuditAsync(new() { Target = "prod" })).Should().ContainSingle();
    }

    [Fact]
    public async Task GetEventCountAsync_CountsAUsersStepsInAPeriod()
    {
        using var h = EngineHarness.Create(o => o.Targets.Add(new() { Name = "staging" }));
        DateTimeOffset t0 = h.Time.GetUtcNow();
        await h.RequestAsync();
        await h.AdvanceAsync(TimeSpan.FromHours(2));
        await h.RequestAsync();
        await h.Engine.RequestAsync(EngineHarness.NewRequest() with { Target = "staging" });
        await h.Engine.RequestAsync(EngineHarness.NewRequest(Other));

        (await h.Engine.GetEventCountAsync(EngineHarness.Requester, ApprovalTemplateStep.Request)).Should().Be(3);
        (await h.Engine.GetEventCountAsync(EngineHarness.Requester, ApprovalTemplateStep.Request, since: t0 + TimeSpan.FromHours(1))).Should().Be(2);
        (await h.Engine.GetEventCountAsync(EngineHarness.Requester, ApprovalTemplateStep.Request, until: t0 + TimeSpan.FromHours(1))).Should().Be(1);
        (await h.Engine.GetEventCountAsync(EngineHarness.Requester, ApprovalTemplateStep.Request, filterOn: new SymEventFilter { Target = "staging" })).Should().Be(1);
        (await h.Engine.GetEventCountAsync(EngineHarness.Requester, ApprovalTemplateStep.Approve)).Should().Be(0);
    }

    [Fact]
    public async Task GetEventCountAsync_IgnoredActionsDoNotCount()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.RequestAsync();
        await h.Engine.ApproveAsync(run.Id, EngineHarness.Requester);
        (await h.Engine.GetEventCountAsync(EngineHarness.Requester, ApprovalTemplateStep.Approve)).Should().Be(0);
    }

    [Fact]
    public async Task ExportAuditJsonLinesAsync_WritesOneSnakeCaseObjectPerLine()
    {
        using var h = EngineHarness.Create();
        SymRun run = await h.ActiveRunAsync();
        using var stream = new MemoryStream();

        int count = await h.Engine.ExportAuditJsonLinesAsync(stream, new SymAuditQuery { RunId = run.Id });

        count.Should().Be(3);
        string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("run_id").GetString().Should().Be(run.Id);
        first.RootElement.GetProperty("step").GetString().Should().Be("request");
        first.RootElement.GetProperty("outcome").GetString().Should().Be("applied");
        first.RootElement.GetProperty("duration_seconds").GetInt64().Should().Be(3600);
        first.RootElement.GetProperty("timestamp").GetDateTimeOffset().Should().Be(run.RequestedAt);
        first.RootElement.TryGetProperty("error_code", out _).Should().BeFalse();
    }
}
