using System.Globalization;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Internal.Slack;

/// <summary>Validates <c>Sym:Slack</c> at startup: both secrets or neither; messages name the setting's path.</summary>
internal sealed class SlackHostOptionsValidator : IValidateOptions<SlackHostOptions>
{
    private const int MaxBodyLimit = 16 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, SlackHostOptions options)
    {
        var errors = new List<string>();
        bool token = !string.IsNullOrWhiteSpace(options.BotToken);
        bool secret = !string.IsNullOrWhiteSpace(options.SigningSecret);
        if (token && !secret)
        {
            errors.Add($"{SlackHostOptions.Section}:SigningSecret is required when {SlackHostOptions.Section}:BotToken is set: "
                + "without it Slack's requests cannot be verified (Slack app → Basic Information → App Credentials → Signing Secret).");
        }

        if (secret && !token)
        {
            errors.Add($"{SlackHostOptions.Section}:BotToken is required when {SlackHostOptions.Section}:SigningSecret is set: "
                + "the bot token (xoxb-…) from the Slack app's OAuth & Permissions page.");
        }

        if (options.MaxRequestBodySize is < 1024 or > MaxBodyLimit)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{SlackHostOptions.Section}:MaxRequestBodySize must be between 1024 and {MaxBodyLimit} bytes; it is {options.MaxRequestBodySize}."));
        }

        if (options.BackgroundQueueCapacity < 1)
        {
            errors.Add($"{SlackHostOptions.Section}:BackgroundQueueCapacity must be at least 1.");
        }

        if (options.BackgroundConcurrency is < 1 or > 64)
        {
            errors.Add($"{SlackHostOptions.Section}:BackgroundConcurrency must be between 1 and 64.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
