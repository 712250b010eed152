using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Flows;
using Sym.Sdk.Requests;
using Sym.Sdk.Strategies;
using Sym.Sdk.Templates;
using Sym.Sdk.Testing.Http;

namespace Sym.Sdk.Testing.Tests.Harness;

/// <summary>A small flow for the harness's own tests: approvers from the <c>approvers</c> var, announced to <c>request_channel</c>.</summary>
public sealed class GrantFlow : FlowImplementation
{
    public const string Name = "grants";

    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new SlackChannelName(evt.Flow.Vars["request_channel"]) { AllowSelf = true });

    public override ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(evt.Fields.Reason switch
        {
            "ignore me" => Template.Ignore("Requests need a real reason."),
            "auto" => ApprovalTemplate.Approve("trusted change"),
            _ => null,
        });

    public override ValueTask<TemplateStep?> OnApproveAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(evt.IsInternal || evt.Flow.Vars["approvers"].Split(',').Contains(evt.User.Email, StringComparer.OrdinalIgnoreCase)
            ? null
            : Template.Ignore("You are not authorized to approve this request."));

    public static void Configure(FlowOptions o)
    {
        o.Vars["request_channel"] = "#access";
        o.Vars["approvers"] = "bob@example.com,admin@example.com";
        o.AllowedDurations.Add("1h");
        o.AllowedDurations.Add("4h");
        o.MaxDuration = "1d";
        o.Targets.Add(new AccessTargetOptions { Name = "prod", Label = "Production", Settings = { ["identifier"] = "db-prod" } });
        o.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string" });
    }
}

/// <summary>A strategy that grants through an HTTP API (a typed client the harness's FakeHttpHandler serves).</summary>
public sealed class GrantStrategy(IHttpClientFactory clients) : AccessStrategy
{
    public override ValueTask<string?> FetchRemoteIdentityAsync(User user, CancellationToken cancellationToken = default) => new(user.Email);

    public override async ValueTask<StrategyOutput?> EscalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        using HttpResponseMessage response = await clients.CreateClient("grants").PostAsJsonAsync("/grants", new { identity, target = targetId }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SymException("Grants:FAILED", $"The grants API answered {(int)response.StatusCode}.");
        }

        return StrategyOutput.Applied();
    }

    public override async ValueTask<StrategyOutput?> DeescalateAsync(string targetId, Event evt, CancellationToken cancellationToken = default)
    {
        string identity = await GetRequesterIdentityAsync(evt, cancellationToken);
        using HttpResponseMessage response = await clients.CreateClient("grants").DeleteAsync($"/grants/{identity}/{targetId}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SymException("Grants:FAILED", $"The grants API answered {(int)response.StatusCode}.");
        }

        return StrategyOutput.Applied();
    }
}

/// <summary>The people of the harness tests, and a harness around the grant flow.</summary>
internal static class People
{
    public static readonly User Alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
    public static readonly User Bob = FakeEvents.User("bob@example.com", slackId: "U0BOB");
    public static readonly User Mallory = FakeEvents.User("mallory@example.com");
    public static readonly User Admin = FakeEvents.User("admin@example.com", role: UserRole.Admin);

    public static FakeHttpHandler GrantsApi()
    {
        var http = new FakeHttpHandler();
        http.On(HttpMethod.Post, "/grants").Respond(System.Net.HttpStatusCode.Created);
        http.On(HttpMethod.Delete, "/grants/**").Respond(System.Net.HttpStatusCode.NoContent);
        return http;
    }

    /// <summary>A notifier fault a destination answers when it cannot take the message (a channel that is gone): not retried.</summary>
    public static Exception ChannelGone(string operation) =>
        new SymException("Slack:CHANNEL_NOT_FOUND", $"The channel is gone ({operation}).") { IsPermanent = true };

    public static SymFlowHarness NewHarness(FakeHttpHandler http, Action<SymFlowHarnessBuilder>? setup = null) =>
        SymFlowHarness.Create<GrantFlow, GrantStrategy>(GrantFlow.Name, GrantFlow.Configure, builder =>
        {
            builder.Use(http);
            builder.Services.AddHttpClient("grants", c => c.BaseAddress = new Uri("https://grants.example.com"));
            setup?.Invoke(builder);
        });
}
