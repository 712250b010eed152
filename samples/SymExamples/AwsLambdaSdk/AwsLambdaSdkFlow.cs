using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sym.Sdk;
using Sym.Sdk.Flows;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Integrations.Slack;
using Sym.Sdk.Requests;
using Sym.Sdk.Templates;

namespace SymExamples.AwsLambdaSdk;

/// <summary>Sym's <c>aws_lambda_sdk</c> example: an approval flow that invokes an AWS Lambda from its hooks.</summary>
/// <param name="awsLambda">The Lambda client (<c>FakeAws</c> in tests).</param>
/// <param name="logger">Where Sym's example prints.</param>
public sealed partial class AwsLambdaSdkFlow(ILambdaClient awsLambda, ILogger<AwsLambdaSdkFlow> logger) : FlowImplementation
{
    /// <summary>Decide who can see and take actions on requests.</summary>
    public override ValueTask<RequestPermission?> GetPermissionsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new(new RequestPermission(
            // Only admins may view this request in Sym's web app.
            webappView: PermissionLevel.Admin,
            // Only member may approve or deny requests.
            approveDeny: PermissionLevel.Member,
            // allowSelfApproval lets users approve their own requests. This is great for testing!
            allowSelfApproval: true));

    /// <summary>Route Sym requests to the sym-requests slack channel.</summary>
    public override ValueTask<IReadOnlyList<Notification>?> GetRequestNotificationsAsync(Event evt, CancellationToken cancellationToken = default) =>
        new([Notification.To(Slack.Channel("#sym-requests"))]);

    /// <summary>Synchronously invoke your AWS lambda.</summary>
    public override async ValueTask<TemplateStep?> OnRequestAsync(Event evt, CancellationToken cancellationToken = default)
    {
        string lambdaArn = evt.Flow.Vars["lambda_arn"];
        LambdaInvocationResult response = await awsLambda.InvokeAsync(lambdaArn, new JsonObject { ["event"] = "on_request", ["email"] = evt.User.Email }, cancellationToken);
        LogInvoked(logger, lambdaArn, response.PayloadText);
        return null;
    }

    /// <summary>Asynchronously invoke your AWS lambda.</summary>
    public override async ValueTask AfterRequestAsync(Event evt, CancellationToken cancellationToken = default)
    {
        string lambdaArn = evt.Flow.Vars["lambda_arn"];
        await awsLambda.InvokeEventAsync(lambdaArn, new JsonObject { ["event"] = "after_request", ["email"] = evt.User.Email }, cancellationToken);
        LogInvokedAsync(logger, lambdaArn);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoked {LambdaArn} synchronously! Response: {Response}")]
    private static partial void LogInvoked(ILogger logger, string lambdaArn, string response);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoked {LambdaArn} asynchronously!")]
    private static partial void LogInvokedAsync(ILogger logger, string lambdaArn);
}
