using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Aws.Internal;

/// <summary>Checks <see cref="AwsOptions"/> when the host starts, naming every problem at once.</summary>
internal sealed class AwsOptionsValidator : IValidateOptions<AwsOptions>
{
    public ValidateOptionsResult Validate(string? name, AwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Region) || !options.Region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            failures.Add($"AwsOptions.Region '{options.Region}' is not a region name such as 'us-east-1'.");
        }

        if (string.IsNullOrEmpty(options.AccessKeyId) != string.IsNullOrEmpty(options.SecretAccessKey))
        {
            failures.Add("AwsOptions.AccessKeyId and AwsOptions.SecretAccessKey must be set together.");
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && string.IsNullOrEmpty(options.AccessKeyId))
        {
            failures.Add("AwsOptions.SessionToken needs AwsOptions.AccessKeyId and AwsOptions.SecretAccessKey.");
        }

        if (options.AssumeRole is { } role)
        {
            if (!role.RoleArn.StartsWith("arn:", StringComparison.Ordinal) || !role.RoleArn.Contains(":role/", StringComparison.Ordinal))
            {
                failures.Add($"AwsOptions.AssumeRole.RoleArn '{role.RoleArn}' is not a role ARN (arn:aws:iam::<account>:role/<name>).");
            }

            if (string.IsNullOrWhiteSpace(role.RoleSessionName))
            {
                failures.Add("AwsOptions.AssumeRole.RoleSessionName must not be empty.");
            }

            if (role.Duration < TimeSpan.FromMinutes(15) || role.Duration > TimeSpan.FromHours(12))
            {
                failures.Add("AwsOptions.AssumeRole.Duration must be between 15 minutes and 12 hours.");
            }

            if (role.RefreshBeforeExpiry < TimeSpan.Zero || role.RefreshBeforeExpiry >= role.Duration)
            {
                failures.Add("AwsOptions.AssumeRole.RefreshBeforeExpiry must be at least zero and shorter than Duration.");
            }
        }

        if (options.SsoInstanceArn is { } instance && !instance.StartsWith("arn:", StringComparison.Ordinal))
        {
            failures.Add($"AwsOptions.SsoInstanceArn '{instance}' is not an ARN (arn:aws:sso:::instance/ssoins-…).");
        }

        if (options.AssignmentPollInterval <= TimeSpan.Zero)
        {
            failures.Add("AwsOptions.AssignmentPollInterval must be positive.");
        }

        if (options.AssignmentTimeout < options.AssignmentPollInterval)
        {
            failures.Add("AwsOptions.AssignmentTimeout must be at least AssignmentPollInterval.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add("AwsOptions.MaxRetryAttempts must be between 0 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            failures.Add("AwsOptions.RetryBaseDelay must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
