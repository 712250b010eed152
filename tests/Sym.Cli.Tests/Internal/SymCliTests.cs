using System.Text.Json;
using Sym.Cli.Internal;
using Sym.Sdk.Hosting;

namespace Sym.Cli.Tests.Internal;

/// <summary>The tool against a real host on loopback, run in-process with a redirected console and a config folder per user.</summary>
public sealed class SymCliTests(HostFixture fixture) : IClassFixture<HostFixture>, IDisposable
{
    private readonly CliUser _alice = new();
    private readonly CliUser _bob = new();
    private readonly CliUser _carol = new();

    private string Url => fixture.Host.Url.ToString();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _carol.Dispose();
    }

    private async Task LoginAsync(CliUser user, string key)
    {
        CliResult login = await user.RunWithInputAsync(key + "\n", "login", "--url", Url);
        login.ExitCode.Should().Be(ExitCodes.Success, login.Error);
    }

    private async Task<string> RequestAsync(CliUser user, params string[] extra)
    {
        CliResult result = await user.RunAsync(["--json", "request", "db_access", "--target", "prod_db", "--duration", "1h", "--reason", "incident 42", .. extra]);
        result.ExitCode.Should().Be(ExitCodes.Success, result.Error);
        using JsonDocument answer = JsonDocument.Parse(result.Out);
        return answer.RootElement.GetProperty("run").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Login_GoodKey_StoresUrlAndKeyOwnerOnly_AndNeverPrintsTheKey()
    {
        CliResult login = await _alice.RunWithInputAsync(LoopbackHost.AliceKey + "\n", "login", "--url", Url);

        login.ExitCode.Should().Be(ExitCodes.Success);
        login.Out.Should().Contain("the service accepted the key");
        (login.Out + login.Error).Should().NotContain(LoopbackHost.AliceKey);
        using JsonDocument config = JsonDocument.Parse(await File.ReadAllTextAsync(_alice.ConfigFile));
        config.RootElement.GetProperty("url").GetString().Should().Be(Url);
        config.RootElement.GetProperty("apiKey").GetString().Should().Be(LoopbackHost.AliceKey);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_alice.ConfigFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(_alice.ConfigDirectory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task Login_AgainOverAWorldReadableFile_LeavesItOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions; the Windows profile's ACL is the owner-only boundary there.
        }

        await LoginAsync(_alice, LoopbackHost.AliceKey);
        File.SetUnixFileMode(_alice.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await LoginAsync(_alice, LoopbackHost.BobKey);

        File.GetUnixFileMode(_alice.ConfigFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await File.ReadAllTextAsync(_alice.ConfigFile)).Should().Contain(LoopbackHost.BobKey).And.NotContain(LoopbackHost.AliceKey);
    }

    [Fact]
    public async Task Requests_ConfigReadableByOthers_WarnsAndStillWorks()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions; the Windows profile's ACL is the owner-only boundary there.
        }

        await LoginAsync(_alice, LoopbackHost.AliceKey);
        File.SetUnixFileMode(_alice.ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        CliResult result = await _alice.RunAsync("requests");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Error.Should().StartWith($"warning: {_alice.ConfigFile} can be read or changed by others than you. Run 'chmod 600 {_alice.ConfigFile}'");
    }

    [Fact]
    public async Task Requests_ConfigOwnerOnly_PrintsNoWarning()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);

        CliResult result = await _alice.RunAsync("requests");

        result.ExitCode.Should().Be(ExitCodes.Success);
        result.Error.Should().BeEmpty();
    }

    [Fact]
    public async Task Login_BadKey_Exits3WithTheServiceSentence_AndStoresNothing()
    {
        CliResult login = await _alice.RunWithInputAsync("sym_not-a-key-the-service-knows\n", "login", "--url", Url);

        login.ExitCode.Should().Be(ExitCodes.Unauthorized);
        login.Error.Should().Contain("The API key is not valid.").And.Contain("SymApi:UNAUTHORIZED");
        login.Error.Should().NotContain("sym_not-a-key");
        File.Exists(_alice.ConfigFile).Should().BeFalse();
    }

    [Fact]
    public async Task Login_NoKeyOnStandardInput_Exits2()
    {
        CliResult login = await _alice.RunWithInputAsync("\n", "login", "--url", Url);

        login.ExitCode.Should().Be(ExitCodes.Usage);
        login.Error.Should().Contain("No API key was given");
    }

    [Fact]
    public async Task Login_UnreachableService_Exits8()
    {
        // A port that was free a moment ago and has no listener now.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        CliResult login = await _alice.RunWithInputAsync(LoopbackHost.AliceKey + "\n", "login", "--url", $"http://127.0.0.1:{port}");

        login.ExitCode.Should().Be(ExitCodes.Unavailable);
        login.Error.Should().Contain("Could not reach the Sym service");
    }

    [Fact]
    public async Task Story_RequestApproveAsAnotherUserRevokeAndExportTheAudit()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);
        await LoginAsync(_bob, LoopbackHost.BobKey);

        CliResult requested = await _alice.RunAsync("request", "db_access", "--target", "story_db", "--duration", "1h", "--reason", "incident 42", "--field", "ticket=INC-42");
        requested.ExitCode.Should().Be(ExitCodes.Success, requested.Error);
        requested.Out.Should().StartWith("Requested db_access for story_db: run ").And.Contain(" is pending.");
        string runId = requested.Out.Split(' ')[5];

        CliResult approvals = await _bob.RunAsync("approvals");
        approvals.Out.Should().Contain(runId).And.Contain("alice@example.com").And.Contain("incident 42");

        CliResult approved = await _bob.RunAsync("approve", runId, "--reason", "looks right");
        approved.ExitCode.Should().Be(ExitCodes.Success, approved.Error);
        approved.Out.Should().Contain($"Approved run {runId}: it is now active.");

        CliResult mine = await _alice.RunAsync("requests", "--state", "active");
        mine.Out.Should().Contain(runId).And.Contain("active");

        CliResult revoked = await _alice.RunAsync("revoke", runId, "--reason", "done early");
        revoked.ExitCode.Should().Be(ExitCodes.Success, revoked.Error);
        revoked.Out.Should().Contain($"Revoked run {runId}: it is now ended.");

        CliResult story = await _alice.RunAsync("run", runId);
        story.ExitCode.Should().Be(ExitCodes.Success, story.Error);
        story.Out.Should().Contain("approved by bob@example.com").And.Contain("access granted").And.Contain("access ended");
        story.Out.Should().MatchRegex(@"\bapprove\s+bob@example.com\s+applied");

        CliResult jsonl = await _alice.RunAsync("audit", "export", "--format", "jsonl");
        jsonl.ExitCode.Should().Be(ExitCodes.Success, jsonl.Error);
        List<JsonElement> entries = jsonl.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        entries.Where(e => e.GetProperty("runId").GetString() == runId && e.GetProperty("outcome").GetString() == "applied")
            .Select(static e => $"{e.GetProperty("step").GetString()} by {e.GetProperty("actor").GetString()}")
            .Should().ContainInOrder(["request by alice@example.com", "approve by bob@example.com", "deescalate by alice@example.com"], jsonl.Out);

        CliResult csv = await _alice.RunAsync("audit", "export", "--format", "csv");
        string[] lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].TrimEnd('\r').Should().Be("runId,flow,target,requester,sequence,timestamp,step,actor,outcome,message,errorCode");
        lines.Should().Contain(l => l.StartsWith(runId + ",db_access,story_db,alice@example.com,", StringComparison.Ordinal) && l.Contains(",approve,bob@example.com,applied,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditExport_SinceAfterEverything_WritesNoEntries()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);
        await RequestAsync(_alice);

        CliResult all = await _alice.RunAsync("audit", "export");
        CliResult none = await _alice.RunAsync("audit", "export", "--since", "2999-01-01T00:00:00Z");

        all.Out.Should().NotBeEmpty();
        none.ExitCode.Should().Be(ExitCodes.Success);
        none.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task AuditExport_BadSince_Exits2()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);

        CliResult result = await _alice.RunAsync("audit", "export", "--since", "last tuesday");

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("--since 'last tuesday' is neither an ISO 8601 time");
    }

    [Fact]
    public async Task Request_InvalidDuration_Exits7WithTheFieldInASentence()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);

        CliResult result = await _alice.RunAsync("request", "db_access", "--target", "prod_db", "--duration", "forever", "--reason", "x");

        result.ExitCode.Should().Be(ExitCodes.Invalid);
        result.Error.Should().StartWith("error: The request is invalid. Correct the listed fields.");
        result.Error.Should().Contain("duration: A duration is duration text such as '30m', '1h' or '1d'");
    }

    [Fact]
    public async Task Request_DurationTheFlowDoesNotAllow_Exits7()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);

        CliResult result = await _alice.RunAsync("request", "db_access", "--target", "prod_db", "--duration", "2h", "--reason", "x");

        result.ExitCode.Should().Be(ExitCodes.Invalid);
        result.Error.Should().Contain("duration");
    }

    [Fact]
    public async Task Approve_UnknownRun_Exits5NamingTheRun()
    {
        await LoginAsync(_bob, LoopbackHost.BobKey);

        CliResult result = await _bob.RunAsync("approve", "run-that-does-not-exist");

        result.ExitCode.Should().Be(ExitCodes.NotFound);
        result.Error.Should().Be("error: No such run. No run with id 'run-that-does-not-exist' exists." + Environment.NewLine + $"  ({Sym.Sdk.SymErrorCodes.RunNotFound})" + Environment.NewLine);
    }

    [Fact]
    public async Task Approve_ByWhoIsNotAnApprover_Exits4_AndTheRunStaysPending()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);
        await LoginAsync(_carol, LoopbackHost.CarolKey);
        string runId = await RequestAsync(_alice);

        CliResult result = await _carol.RunAsync("approve", runId);

        result.ExitCode.Should().Be(ExitCodes.Forbidden);
        result.Error.Should().StartWith("error: The action is not allowed.");
        (await _alice.RunAsync("requests", "--state", "pending")).Out.Should().Contain(runId);
    }

    [Fact]
    public async Task Approve_Twice_Exits6()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);
        await LoginAsync(_bob, LoopbackHost.BobKey);
        string runId = await RequestAsync(_alice);
        (await _bob.RunAsync("approve", runId)).ExitCode.Should().Be(ExitCodes.Success);

        CliResult again = await _bob.RunAsync("approve", runId);

        again.ExitCode.Should().Be(ExitCodes.Conflict);
        again.Error.Should().Contain("The request is not in a state for this action.");
    }

    [Fact]
    public async Task Cancel_ThenRelinquish_EachAnswersByState()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);
        string runId = await RequestAsync(_alice);

        CliResult cancelled = await _alice.RunAsync("cancel", runId);
        CliResult relinquished = await _alice.RunAsync("relinquish", runId);

        cancelled.Out.Should().Contain($"Cancelled run {runId}: it is now cancelled.");
        relinquished.ExitCode.Should().Be(ExitCodes.Conflict);
    }

    [Fact]
    public async Task Deny_WithReason_EndsTheRunDenied()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);
        await LoginAsync(_bob, LoopbackHost.BobKey);
        string runId = await RequestAsync(_alice);

        CliResult denied = await _bob.RunAsync("--json", "deny", runId, "--reason", "not during the freeze");

        denied.ExitCode.Should().Be(ExitCodes.Success, denied.Error);
        using JsonDocument answer = JsonDocument.Parse(denied.Out);
        answer.RootElement.GetProperty("run").GetProperty("state").GetString().Should().Be("denied");
        answer.RootElement.GetProperty("run").GetProperty("decisionReason").GetString().Should().Be("not during the freeze");
    }

    [Fact]
    public async Task Run_Json_HoldsTheRunAndItsAudit()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);
        string runId = await RequestAsync(_alice);

        CliResult result = await _alice.RunAsync("run", runId, "--json");

        using JsonDocument doc = JsonDocument.Parse(result.Out);
        doc.RootElement.GetProperty("run").GetProperty("id").GetString().Should().Be(runId);
        doc.RootElement.GetProperty("audit").GetProperty("entries")[0].GetProperty("step").GetString().Should().Be("request");
    }

    [Fact]
    public async Task Request_WithKeyFromTheEnvironment_NeedsNoStoredConfig()
    {
        _alice.SetVariable("SYM_URL", Url);
        _alice.SetVariable("SYM_API_KEY", LoopbackHost.AliceKey);

        string runId = await RequestAsync(_alice);

        runId.Should().NotBeNullOrEmpty();
        File.Exists(_alice.ConfigFile).Should().BeFalse();
    }

    [Fact]
    public async Task Requests_NotLoggedIn_Exits3()
    {
        CliResult result = await _alice.RunAsync("requests");

        result.ExitCode.Should().Be(ExitCodes.Unauthorized);
        result.Error.Should().Contain("Not logged in. Run 'sym login --url <service URL>'");
    }

    [Fact]
    public async Task Logout_DeletesTheStoredKey()
    {
        await LoginAsync(_alice, LoopbackHost.AliceKey);

        CliResult result = await _alice.RunAsync("logout");

        result.ExitCode.Should().Be(ExitCodes.Success);
        File.Exists(_alice.ConfigFile).Should().BeFalse();
        (await _alice.RunAsync("requests")).ExitCode.Should().Be(ExitCodes.Unauthorized);
    }

    [Theory]
    [InlineData("request", "db_access", "--field", "no-equals-sign")]
    [InlineData("request")]
    [InlineData("no-such-command")]
    [InlineData("requests", "--state", "sleeping")]
    [InlineData("audit", "export", "--format", "xml")]
    [InlineData("requests", "--limit", "0")]
    public async Task WrongCommandLine_Exits2WithoutCallingTheService(params string[] args)
    {
        CliResult result = await _alice.RunAsync(args);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().StartWith("error: ").And.Contain("sym --help");
    }

    [Fact]
    public async Task KeysMint_PrintsAKeyAndTheHashTheHostChecks()
    {
        CliResult result = await _alice.RunAsync("--json", "keys", "mint", "--user", "dana@example.com", "--name", "dana-laptop");

        using JsonDocument doc = JsonDocument.Parse(result.Out);
        string key = doc.RootElement.GetProperty("key").GetString()!;
        key.Should().StartWith(SymApiKeys.Prefix).And.HaveLength(SymApiKeys.Prefix.Length + 43);
        doc.RootElement.GetProperty("hash").GetString().Should().Be(SymApiKeys.Hash(key));
        doc.RootElement.GetProperty("entry").GetProperty("User").GetString().Should().Be("dana@example.com");
        (await _alice.RunAsync("--json", "keys", "mint")).Out.Should().NotContain(key);
    }

    [Fact]
    public async Task Help_ListsEveryCommandAndTheExitCodes()
    {
        CliResult result = await _alice.RunAsync("--help");

        result.ExitCode.Should().Be(ExitCodes.Success);
        foreach (string command in new[] { "login", "request", "requests", "approvals", "approve", "deny", "revoke", "relinquish", "cancel", "run", "audit", "keys", "completion" })
        {
            result.Out.Should().MatchRegex($@"\n  {command}\b");
        }

        result.Out.Should().Contain("7 request invalid (400)");
    }

    [Fact]
    public async Task SuggestDirective_CompletesCommandNames()
    {
        CliResult result = await _alice.RunAsync("[suggest:6]", "sym ap");

        result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Should().Equal("approvals", "approve");
    }

    [Fact]
    public async Task Completion_Bash_CallsTheSuggestDirective()
    {
        CliResult result = await _alice.RunAsync("completion", "bash");

        result.Out.Should().Contain("complete -o default -F _sym_complete sym").And.Contain("[suggest:");
    }
}
