using Sym.Sdk.Flows;
using Sym.Sdk.Flows.Internal;
using Sym.Sdk.Runtime;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Tests.Runtime;

public sealed class RunContextTests
{
    private static readonly FlowDefinition Flow = FlowDefinition.Create(
        "f", "Sym:Flows:f", new FlowOptions { AllowedDurations = { "1h" } }, new ScriptedFlow(), new RecordingStrategy());

    private static readonly SymRun Stored = new()
    {
        Id = "r1", Version = 3, Flow = "f", State = SymRunState.Pending, Requester = new User { Username = "req@example.com" },
        Duration = TimeSpan.FromHours(1), RequestedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Update_StoredRun_IsWrittenAsTheNextVersion()
    {
        var ctx = new RunContext(Flow, Stored, Stored, CancellationToken.None);

        ctx.Update(ctx.Run with { State = SymRunState.Cancelled });

        ctx.Run.Version.Should().Be(4);
        ctx.Run.State.Should().Be(SymRunState.Cancelled);
        ctx.HasChanges.Should().BeTrue();
    }

    [Fact]
    public void Update_SecondChangeInTheStep_KeepsTheNextVersionAndTheInstance()
    {
        var ctx = new RunContext(Flow, Stored, Stored, CancellationToken.None);
        ctx.Update(ctx.Run with { NotificationIndex = 1 });
        SymRun second = ctx.Run with { PendingExpiresAt = ctx.Run.RequestedAt.AddHours(2) };

        ctx.Update(second);

        ctx.Run.Should().BeSameAs(second);
        ctx.Run.Version.Should().Be(4);
    }

    [Fact]
    public void Update_UnchangedRun_StillBecomesTheNextVersion()
    {
        var ctx = new RunContext(Flow, Stored, Stored, CancellationToken.None);

        ctx.Update(ctx.Run);

        ctx.Run.Should().NotBeSameAs(Stored);
        ctx.Run.Version.Should().Be(4);
        ctx.HasChanges.Should().BeTrue();
    }

    [Fact]
    public void Update_NewRun_IsVersionOne()
    {
        SymRun fresh = Stored with { Version = 0 };
        var ctx = new RunContext(Flow, fresh, null, CancellationToken.None);

        ctx.Update(ctx.Run with { NotificationIndex = 0 });

        ctx.Run.Version.Should().Be(1);
    }
}
