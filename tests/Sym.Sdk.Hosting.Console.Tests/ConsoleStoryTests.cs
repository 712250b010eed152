using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Sym.Sdk.Hosting.Console.Tests;

/// <summary>
/// The console's stories in a real browser, each person in a fresh browser context signed in through the OpenID Connect
/// provider: request (with field errors), approve, see the grant, revoke, read the audit trail; and the refusals.
/// </summary>
public sealed partial class ConsoleStoryTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [BrowserFact]
    public async Task RequestApproveRevoke_ThroughTheConsole_EveryStepShownAndAudited()
    {
        // Alice signs in through the provider and opens the request form.
        (IBrowserContext aliceContext, IPage alice, List<string> aliceCsp) = await fixture.NewPersonAsync();
        await using IBrowserContext aliceScope = aliceContext;
        await fixture.SignInAsync(alice, "alice@example.com");
        await alice.GetByRole(AriaRole.Link, new() { Name = "Request access" }).First.ClickAsync();
        await fixture.CheckPageAsync(alice, "request-form");

        // Sending it empty, then with an incident number that is not a number: the engine's errors, next to their fields.
        await alice.GetByLabel("Incident number").FillAsync("INC-42");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(alice.Locator("#f-target-error")).ToContainTextAsync("A target is required.");
        await Assertions.Expect(alice.Locator("#f-reason-error")).ToContainTextAsync("is required");
        await Assertions.Expect(alice.Locator("#f-ticket-error")).ToBeVisibleAsync();
        await Assertions.Expect(alice.GetByLabel("Incident number")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(alice.GetByLabel("Incident number")).ToHaveValueAsync("INC-42");
        await fixture.CheckPageAsync(alice, "request-form-errors");

        await alice.GetByLabel("Target").SelectOptionAsync("prod_db");
        await alice.GetByLabel("Why do you need access?").FillAsync("Investigating incident 42");
        await alice.GetByLabel("Incident number").FillAsync("42");
        await alice.GetByLabel("For how long?").SelectOptionAsync("1h");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(alice.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your request was sent to its approvers.");
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync("pending");
        string runUrl = alice.Url.Split('?')[0];
        string runId = runUrl[(runUrl.LastIndexOf('/') + 1)..];
        await alice.GetByRole(AriaRole.Link, new() { Name = "My requests" }).ClickAsync();
        await Assertions.Expect(alice.Locator($"tr[data-run='{runId}']")).ToContainTextAsync("pending");
        await fixture.CheckPageAsync(alice, "my-requests");

        // Bob, in another browser, finds it among his approvals and approves it with a reason.
        (IBrowserContext bobContext, IPage bob, List<string> bobCsp) = await fixture.NewPersonAsync();
        await using IBrowserContext bobScope = bobContext;
        await fixture.SignInAsync(bob, "bob@example.com");
        await bob.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        ILocator card = bob.Locator($"li[data-run='{runId}']");
        await Assertions.Expect(card).ToContainTextAsync("alice@example.com asks for Production database");
        await fixture.CheckPageAsync(bob, "approvals");
        await card.GetByLabel("Reason (optional)").FillAsync("Looks right");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(bob.Locator($"li[data-run='{runId}']")).ToHaveCountAsync(0);
        fixture.Host.Strategy.Grants.Should().ContainKey("alice@example.com:prod_db");

        // Alice sees it active, with its expiry and the strategy's grant.
        await alice.GotoAsync(runUrl);
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync("active");
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync(ExpiresIn());
        await Assertions.Expect(alice.GetByText("role prod_db-reader for alice@example.com")).ToBeVisibleAsync();
        await Assertions.Expect(alice.GetByText("Approved by bob@example.com", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(alice.Locator("ol.milestones")).ToContainTextAsync("approved by bob@example.com");
        await Assertions.Expect(alice.Locator("ol.milestones")).ToContainTextAsync("access granted");
        await fixture.CheckPageAsync(alice, "run-active");
        await alice.GetByRole(AriaRole.Link, new() { Name = "Active access" }).ClickAsync();
        await Assertions.Expect(alice.Locator("figure.timeline svg title").First).ToContainTextAsync("active grants");
        await Assertions.Expect(alice.Locator($"tr[data-run='{runId}']")).ToBeVisibleAsync();
        await fixture.CheckPageAsync(alice, "active-access");

        // Root, an admin by the provider's group claim, finds it on the admin page and revokes it.
        (IBrowserContext rootContext, IPage root, List<string> rootCsp) = await fixture.NewPersonAsync();
        await using IBrowserContext rootScope = rootContext;
        await fixture.SignInAsync(root, "root@example.com");
        await root.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await root.GetByLabel("State").SelectOptionAsync("active");
        await root.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        ILocator row = root.Locator($"tr[data-run='{runId}']");
        await Assertions.Expect(row).ToContainTextAsync("alice@example.com");
        await fixture.CheckPageAsync(root, "admin");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke request {runId[..8]}" }).ClickAsync();
        await Assertions.Expect(root.Locator($"tr[data-run='{runId}']")).ToHaveCountAsync(0); // no longer active
        fixture.Host.Strategy.Grants.Should().NotContainKey("alice@example.com:prod_db");

        // The audit trail on the run's page shows every step, by whom.
        await root.GotoAsync(runUrl);
        await Assertions.Expect(root.Locator("dl.summary")).ToContainTextAsync("ended");
        await Assertions.Expect(root.Locator("dl.summary")).ToContainTextAsync("(revoke)");
        ILocator audit = root.Locator("table tbody");
        await Assertions.Expect(audit.Locator("tr.audit-request")).ToContainTextAsync("alice@example.com");
        await Assertions.Expect(audit.Locator("tr.audit-approve")).ToContainTextAsync("bob@example.com");
        await Assertions.Expect(audit.Locator("tr.audit-escalate")).ToContainTextAsync("applied");
        await Assertions.Expect(audit.Locator("tr.audit-deescalate")).ToContainTextAsync("root@example.com"); // the revocation
        await Assertions.Expect(audit.Locator("tr.audit-deescalate")).ToContainTextAsync("applied");
        await fixture.CheckPageAsync(root, "run-ended-audit");

        // The export has it too, as JSON lines and as CSV.
        IAPIResponse jsonl = await root.APIRequest.GetAsync(fixture.Host.Url("/admin/audit.jsonl").ToString());
        jsonl.Status.Should().Be(200);
        (await jsonl.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(static line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("run_id").GetString() == runId)
            .Select(static e => $"{e.GetProperty("step").GetString()} by {e.GetProperty("actor").GetString()}: {e.GetProperty("outcome").GetString()}")
            .Should().Equal("request by alice@example.com: applied", "approve by bob@example.com: applied", "escalate by bob@example.com: applied",
                "deescalate by root@example.com: applied");
        IAPIResponse csv = await root.APIRequest.GetAsync(fixture.Host.Url("/admin/audit.csv").ToString());
        (await csv.TextAsync()).Should().StartWith("sequence,timestamp,run_id").And.Contain($",{runId},db_access,deescalate,root@example.com,");

        // No page needed inline code the Content-Security-Policy refuses.
        aliceCsp.Concat(bobCsp).Concat(rootCsp).Should().BeEmpty();
    }

    [BrowserFact]
    public async Task UnauthorizedApprover_OpensTheRequest_SeesTheEnginesReasonAndNothingChanges()
    {
        (IBrowserContext aliceContext, IPage alice, _) = await fixture.NewPersonAsync();
        await using IBrowserContext aliceScope = aliceContext;
        await fixture.SignInAsync(alice, "alice@example.com");
        string runUrl = await RequestAsync(alice, "staging_db", "Load test");

        // Carol is not among the flow's approvers: the run is not on her approvals page, and its page refuses her with
        // the engine's reason (which says nothing of the run).
        (IBrowserContext carolContext, IPage carol, _) = await fixture.NewPersonAsync();
        await using IBrowserContext carolScope = carolContext;
        await fixture.SignInAsync(carol, "carol@example.com");
        await carol.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        await Assertions.Expect(carol.GetByText("Nothing is waiting for your decision.")).ToBeVisibleAsync();
        IResponse? response = await carol.GotoAsync(runUrl);
        response!.Status.Should().Be(403);
        await Assertions.Expect(carol.GetByRole(AriaRole.Alert)).ToContainTextAsync("You are not allowed to approve this request.");
        await Assertions.Expect(carol.Locator("main")).Not.ToContainTextAsync("Load test");
        await fixture.CheckPageAsync(carol, "refused");

        // Alice, the requester, may not approve her own request either: her page offers no approval, and a POST is refused.
        await alice.GotoAsync(runUrl);
        await Assertions.Expect(alice.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await Assertions.Expect(alice.GetByRole(AriaRole.Button, new() { Name = "Cancel request" })).ToBeVisibleAsync();
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync("pending");
    }

    [BrowserFact]
    public async Task ForgedPosts_CrossSiteOrWithoutToken_AreRefusedAndChangeNothing()
    {
        (IBrowserContext aliceContext, IPage alice, _) = await fixture.NewPersonAsync();
        await using IBrowserContext aliceScope = aliceContext;
        await fixture.SignInAsync(alice, "alice@example.com");
        string runUrl = await RequestAsync(alice, "staging_db", "Forgery test");

        // A page on another site posts a cancel to the console when Alice clicks: her session cookie does not go along
        // (SameSite), nor any antiforgery token, so nothing is cancelled.
        await alice.GotoAsync(fixture.Idp.OtherSite($"/attack?target={Uri.EscapeDataString(runUrl + "/cancel")}").ToString());
        await alice.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await alice.WaitForLoadStateAsync();
        alice.Url.Should().NotContain("done=cancel");
        await alice.GotoAsync(runUrl);
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync("pending");

        // The same POST from Alice's own session (her cookies) but without the form's token: refused with a friendly page.
        IAPIResponse forged = await alice.APIRequest.PostAsync(runUrl + "/cancel", new() { Form = FormWithReason(alice) });
        forged.Status.Should().Be(400);
        (await forged.TextAsync()).Should().Contain("Nothing was changed");
        await alice.ReloadAsync();
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync("pending");

        // With the page's own form (and its token) the cancel works: the refusals above were the token's doing.
        await alice.GetByRole(AriaRole.Button, new() { Name = "Cancel request" }).ClickAsync();
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync("cancelled");
    }

    [BrowserFact]
    public async Task Extension_AskedByTheRequester_ApprovedFromTheApprovalsPage_MovesTheExpiry()
    {
        (IBrowserContext aliceContext, IPage alice, _) = await fixture.NewPersonAsync();
        await using IBrowserContext aliceScope = aliceContext;
        await fixture.SignInAsync(alice, "alice@example.com");
        string runUrl = await RequestAsync(alice, "staging_db", "Migration");
        string runId = runUrl[(runUrl.LastIndexOf('/') + 1)..];
        (IBrowserContext bobContext, IPage bob, _) = await fixture.NewPersonAsync();
        await using IBrowserContext bobScope = bobContext;
        await fixture.SignInAsync(bob, "bob@example.com");
        await bob.GotoAsync(runUrl);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(bob.Locator("dl.summary")).ToContainTextAsync("active");

        await alice.GotoAsync(runUrl);
        string before = await alice.Locator("dl.summary time").Last.GetAttributeAsync("datetime") ?? "";
        await alice.GetByLabel("Extend by").SelectOptionAsync("1h");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Ask to extend" }).ClickAsync();
        await Assertions.Expect(alice.Locator("dl.summary")).ToContainTextAsync("1h more");

        await bob.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        ILocator card = bob.Locator($"li[data-extension='{runId}']");
        await Assertions.Expect(card).ToContainTextAsync("alice@example.com asks for 1h more on Staging database");
        await fixture.CheckPageAsync(bob, "approvals-extension");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Approve extension request {runId[..8]}" }).ClickAsync();
        await Assertions.Expect(bob.Locator($"li[data-extension='{runId}']")).ToHaveCountAsync(0);

        await alice.GotoAsync(runUrl);
        await Assertions.Expect(alice.Locator("dl.summary")).Not.ToContainTextAsync("more");
        DateTimeOffset.Parse(await alice.Locator("dl.summary time").Last.GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(DateTimeOffset.Parse(before, System.Globalization.CultureInfo.InvariantCulture).AddHours(1), "the approved hour moves the expiry");
    }

    private static IFormData FormWithReason(IPage page)
    {
        IFormData form = page.Context.APIRequest.CreateFormData();
        form.Set("reason", "no token");
        return form;
    }

    private async Task<string> RequestAsync(IPage page, string target, string reason)
    {
        await page.GotoAsync(fixture.Host.Url("/request").ToString());
        await page.GetByLabel("Target").SelectOptionAsync(target);
        await page.GetByLabel("Why do you need access?").FillAsync(reason);
        await page.GetByLabel("Incident number").FillAsync("7");
        await page.GetByLabel("For how long?").SelectOptionAsync("30m");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your request was sent to its approvers.");
        return page.Url.Split('?')[0];
    }

    [GeneratedRegex(@"Expires.*\(in (59 min|1 h 0 min)\)", RegexOptions.Singleline)]
    private static partial Regex ExpiresIn();
}
