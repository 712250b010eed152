using Sym.Sdk.Flows;
#if (isOkta)
using Sym.Sdk.Integrations.Okta;
#elif (isAws)
using Sym.Sdk.Integrations.Aws.Strategies;
#endif

namespace SymTemplate.Access;

/// <summary>
/// The flow's definition: its vars, the durations people may ask for, the request form and the targets. The tests use it
/// as it is; a host usually reads the same from <c>Sym:Flows:access</c> in appsettings.json (see the README).
/// </summary>
public static class AccessDefinition
{
#if (isOkta)
    /// <summary>The Okta group id of the target <c>prod_admins</c>. Replace it with your group's id (00g…).</summary>
    public const string ProdAdminsGroupId = "00gPRODADMINS";

#elif (isAwsIam)
    /// <summary>The IAM group of the target <c>prod_readers</c>. Replace it with your group's name.</summary>
    public const string ProdReadersGroup = "prod-readers";

#elif (isAwsSso)
    /// <summary>The AWS account of the target <c>prod_admin</c>. Replace it with yours.</summary>
    public const string ProductionAccount = "111122223333";

    /// <summary>The permission set of the target <c>prod_admin</c>. Replace it with yours.</summary>
    public const string AdminPermissionSet = "arn:aws:sso:::permissionSet/ssoins-example/ps-admin";

#elif (isLambda)
    /// <summary>The function invoked to grant and to revoke. Replace it with yours.</summary>
    public const string FunctionArn = "arn:aws:lambda:us-east-1:111122223333:function:sym-access";

#endif
    /// <summary>Configures the flow.</summary>
    /// <param name="flow">The flow's options.</param>
    public static void Configure(FlowOptions flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        flow.Label = "Access";
        flow.Vars[AccessFlow.RequestChannelVar] = "#sym-requests";
        flow.Vars[AccessFlow.ApproversVar] = "bob@example.com,carol@example.com";
        flow.AllowedDurations.Add("1h");
        flow.AllowedDurations.Add("4h");
        flow.MaxDuration = "1d";
        flow.Fields.Add(new PromptFieldOptions { Name = "reason", Type = "string", Label = "Why do you need access?", Required = true });
#if (isCustom)
        flow.Strategy.Type = "grant_api";
        flow.Targets.Add(new AccessTargetOptions { Name = "prod_db", Label = "Production database" });
#elif (isOkta)
        flow.Strategy.Type = "okta";
        flow.Targets.Add(new AccessTargetOptions
        {
            Name = "prod_admins",
            Label = "Production admins (Okta group)",
            Type = "okta_group",
            Settings = { [OktaGroupStrategy.GroupIdSetting] = ProdAdminsGroupId },
        });
#elif (isAwsIam)
        flow.Strategy.Type = "aws_iam";
        flow.Targets.Add(new AccessTargetOptions
        {
            Name = "prod_readers",
            Label = "Production read-only (IAM group)",
            Type = "aws_iam_group",
            Settings = { [AwsIamGroupStrategy.GroupSetting] = ProdReadersGroup },
        });
#elif (isAwsSso)
        flow.Strategy.Type = "aws_sso";
        flow.Targets.Add(new AccessTargetOptions
        {
            Name = "prod_admin",
            Label = "Production (AdministratorAccess)",
            Type = "aws_sso_permission_set",
            Settings =
            {
                [AwsSsoStrategy.AccountSetting] = ProductionAccount,
                [AwsSsoStrategy.PermissionSetSetting] = AdminPermissionSet,
            },
        });
#elif (isLambda)
        flow.Strategy.Type = "aws_lambda";
        flow.Targets.Add(new AccessTargetOptions
        {
            Name = "prod_db",
            Label = "Production database (through a Lambda function)",
            Type = "aws_lambda_function",
            Settings = { [AwsLambdaStrategy.ArnSetting] = FunctionArn },
        });
#else
        flow.Strategy.Type = "approval_only";
        flow.Targets.Add(new AccessTargetOptions { Name = "prod_console", Label = "Production console (approval only)" });
#endif
    }
}
