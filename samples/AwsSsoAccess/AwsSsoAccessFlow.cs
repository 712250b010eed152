using Microsoft.Extensions.Options;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.Strategies;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace AwsSsoAccess;

/// <summary>
/// Temporary AWS access through IAM Identity Center: a requester asks for a permission set on an account, the request
/// goes to the Slack channel named by the flow var <c>request_channel</c> (its members approve, not the requester
/// themselves), and the shipped <see cref="AwsSsoStrategy"/> assigns the permission set on approval and deletes the
/// assignment when the time is up. The requester's AWS identity is their Identity Store user, found by email: someone
/// without one is told so when they ask, rather than after an approver has spent time on a request that cannot be granted.
/// </summary>
/// <param name="identityStore">The Identity Store client (the real one in a host, <c>FakeAws</c>'s in tests).</param>
/// <param name="aws">The AWS options naming the Identity Store.</param>
public sealed class AwsSsoAccessFlow(IIdentityStoreClient identityStore, IOptions<AwsOptions> aws) : FlowImplementation
{
    /// <summary>The flow's name.</summary>
    public const string Name = "aws_sso_access";

    /// <summary>Flow var: the Slack channel where requests go and whose members approve them.</summary>
    public const string RequestChannelVar = "request_channel";

    /// <summary>What a requester without an Identity Store user is told.</summary>
    public const string NoAwsUserMessage =
        "You have no AWS IAM Identity Center user for {0}, so access cannot be granted. Ask IT to provision one, then request again.";

    /// <summary>Refuses, with a clear message, a request by someone who has no Identity Store user.</summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> to continue, or <see cref="Template.Ignore"/>.</returns>
    /// <exception cref="SymException"><c>AwsSsoAccess:MISSING_SETTING</c>: no Identity Store id is configured.</exception>
    public override async ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        string storeId = aws.Value.IdentityStoreId ?? throw new SymException("AwsSsoAccess:MISSING_SETTING",
            "No Identity Store id is configured.", "Set AwsOptions.IdentityStoreId (Sym:Aws:IdentityStoreId).");
        string? userId = await identityStore.GetUserIdAsync(storeId, IdentityStoreUserAttribute.Email, evt.User.Email, cancellationToken);
        return userId is null
            ? Template.Ignore(string.Format(System.Globalization.CultureInfo.InvariantCulture, NoAwsUserMessage, evt.User.Email))
            : null;
    }

    /// <summary>The approvers: the Slack channel in <c>request_channel</c>, without self-approval.</summary>
    /// <param name="evt">The request event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="SymException"><c>AwsSsoAccess:MISSING_VAR</c>: the flow has no <c>request_channel</c>.</exception>
    public override ValueTask<RequestDestination?> GetApproversAsync(Event evt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        string channel = evt.Flow.Vars.TryGetValue(RequestChannelVar, out string? value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new SymException("AwsSsoAccess:MISSING_VAR", $"The flow '{evt.Flow.Name}' has no var '{RequestChannelVar}'.",
                $"Set Vars[\"{RequestChannelVar}\"] to the Slack channel whose members approve, for example #aws-access.");
        return new(Slack.Channel(channel, allowSelf: false));
    }
}
