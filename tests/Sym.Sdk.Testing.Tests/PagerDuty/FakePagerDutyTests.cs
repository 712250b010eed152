using Sym.Sdk.Integrations.PagerDuty;
using Sym.Sdk.Testing.Faults;
using Sym.Sdk.Testing.PagerDuty;

namespace Sym.Sdk.Testing.Tests.PagerDuty;

public sealed class FakePagerDutyTests
{
    private readonly FakePagerDuty _pagerDuty = new();

    public FakePagerDutyTests()
    {
        _pagerDuty.AddUser("olga@example.com", "Olga", id: "POLGA");
        _pagerDuty.AddUser("sam@example.com", "Sam", id: "PSAM");
        _pagerDuty.AddOnCall("olga@example.com", scheduleId: "PSCHED", escalationPolicyId: "PPOL");
        _pagerDuty.AddOnCall("PSAM", escalationPolicyId: "PPOL", escalationLevel: 2);
    }

    private static User SymUser(string email) => new() { Username = email, Email = email };

    [Fact]
    public async Task IsOnCallAsync_MatchesByEmailAndQuery()
    {
        (await _pagerDuty.IsOnCallAsync(SymUser("OLGA@example.com"))).Should().BeTrue();
        (await _pagerDuty.IsOnCallAsync(SymUser("olga@example.com"), PagerDutyOnCallQuery.ForSchedule("PSCHED"))).Should().BeTrue();
        (await _pagerDuty.IsOnCallAsync(SymUser("sam@example.com"), PagerDutyOnCallQuery.ForSchedule("PSCHED"))).Should().BeFalse();
        (await _pagerDuty.IsOnCallAsync(SymUser("nobody@example.com"))).Should().BeFalse();
        _pagerDuty.Calls.Should().StartWith("pagerduty.IsOnCall OLGA@example.com");
    }

    [Fact]
    public async Task UsersOnCallAsync_ByPolicyAndLevel_ReturnsSymUsersWithPagerDutyIdentities()
    {
        IReadOnlyList<User> all = await _pagerDuty.UsersOnCallAsync(PagerDutyOnCallQuery.ForEscalationPolicy("PPOL"));
        IReadOnlyList<User> second = await _pagerDuty.UsersOnCallAsync(new PagerDutyOnCallQuery { EscalationPolicyId = "PPOL", EscalationLevel = 2 });

        all.Select(static u => u.Email).Should().Equal("olga@example.com", "sam@example.com");
        all[0].Identity(PagerDutyUser.IdentityService)!.UserId.Should().Be("POLGA");
        second.Select(static u => u.Email).Should().Equal("sam@example.com");
    }

    [Fact]
    public async Task EndOnCall_TakesTheUserOffEveryOnCall()
    {
        _pagerDuty.EndOnCall("olga@example.com");

        (await _pagerDuty.IsOnCallAsync(SymUser("olga@example.com"))).Should().BeFalse();
        (await _pagerDuty.UsersForScheduleAsync("PSCHED")).Select(static u => u.Email).Should().Equal(["olga@example.com"], "she is still on the schedule");
    }

    [Fact]
    public async Task UsersForScheduleAsync_UnknownSchedule_ThrowsScheduleNotFoundLikeTheRealClient()
    {
        Func<Task> act = () => _pagerDuty.UsersForScheduleAsync("NOPE");

        (await act.Should().ThrowAsync<SymNotFoundException>()).Which.ErrorCode.Should().Be(PagerDutyErrorCodes.ScheduleNotFound);
    }

    [Fact]
    public async Task GetIncidentsAsync_FiltersByStatusServiceUserAndUrgency()
    {
        PagerDutyIncident open = _pagerDuty.AddIncident("db down", "PDB", assignedTo: ["olga@example.com"]);
        PagerDutyIncident low = _pagerDuty.AddIncident("slow page", "PWEB", urgency: "low");
        PagerDutyIncident done = _pagerDuty.AddIncident("old", "PDB");
        _pagerDuty.ResolveIncident(done.Id);

        (await _pagerDuty.GetIncidentsAsync().ToListAsync()).Select(static i => i.Id).Should().Equal(open.Id, low.Id);
        (await _pagerDuty.GetIncidentsAsync(new PagerDutyIncidentQuery { ServiceIds = ["PDB"] }).ToListAsync()).Should().ContainSingle().Which.Id.Should().Be(open.Id);
        (await _pagerDuty.HasIncidentAsync(new PagerDutyIncidentQuery { UserIds = ["PSAM"] })).Should().BeFalse();
        (await _pagerDuty.HasIncidentAsync(new PagerDutyIncidentQuery { Urgency = "low" })).Should().BeTrue();
        (await _pagerDuty.HasIncidentAsync(new PagerDutyIncidentQuery { Statuses = [PagerDutyIncidentQuery.Resolved] })).Should().BeTrue();
    }

    [Fact]
    public async Task Faults_FailTheNamedOperation()
    {
        _pagerDuty.Faults.FailNext(1, "pagerduty.IsOnCall");

        Func<Task> act = () => _pagerDuty.IsOnCallAsync(SymUser("olga@example.com"));

        (await act.Should().ThrowAsync<InjectedFaultException>()).Which.Operation.Should().Be("pagerduty.IsOnCall");
        (await _pagerDuty.IsOnCallAsync(SymUser("olga@example.com"))).Should().BeTrue();
    }

    [Fact]
    public void Seeding_UnknownUserOrDuplicate_ThrowsArgumentException()
    {
        Action unknown = () => _pagerDuty.AddOnCall("ghost@example.com");
        Action duplicate = () => _pagerDuty.AddUser("olga@example.com");

        unknown.Should().Throw<ArgumentException>().WithMessage("*ghost@example.com*");
        duplicate.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Restart_PutsTheAccountBackAsMarked()
    {
        IStoryScopedFake scoped = _pagerDuty;
        scoped.MarkStart();
        _pagerDuty.EndOnCall("olga@example.com");
        await _pagerDuty.UsersOnCallAsync();

        scoped.Restart();

        _pagerDuty.Calls.Should().BeEmpty();
        (await _pagerDuty.IsOnCallAsync(SymUser("olga@example.com"))).Should().BeTrue();
    }
}
