using Sym.Sdk.Flows;

namespace SymExamples.AwsLambdaSdk;

/// <summary>The example's <c>sym_flow</c>: the Lambda's ARN as a flow var, and no strategy.</summary>
public static class AwsLambdaSdkDefinition
{
    /// <summary>The flow's name.</summary>
    public const string Name = "aws_lambda_sdk";

    /// <summary>The flow's definition.</summary>
    /// <param name="lambdaArn">The Lambda to invoke (flow var <c>lambda_arn</c>).</param>
    /// <returns>Configures the flow.</returns>
    public static Action<FlowOptions> Create(string lambdaArn) => flow =>
    {
        flow.Label = "Lambda SDK";
        flow.Vars["lambda_arn"] = lambdaArn;
        flow.Fields.Add(new PromptFieldOptions { Name = "resource", Label = "What do you need access to?", Type = "string", Required = true });
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Label = "Why do you need access?", Type = "string", Required = true });
    };
}
