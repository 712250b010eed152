using System.Globalization;
using Microsoft.Extensions.Options;

namespace Sym.Sdk.Hosting.Internal.Slack;

/// <summary>Validates <c>Sym:Slack</c> at startup: both secrets or neither; messages name the setting's path.</summary>
internal sealed class SlackHostOptionsValidator : IValidateOptions<SlackHostOptions>
{
    private const int MaxBodyLimit = 16 * 1024 * 1024;

    /// <summary>Slack's signature window: a signed request may be replayed within it, so its deliveries are kept at least that long.</summary>
    private static readonly TimeSpan MinInboxRetention = TimeSpan.FromMinutes(5);

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

        if (options.InboxLease < TimeSpan.FromSeconds(10) || options.InboxLease > TimeSpan.FromHours(1))
        {
            errors.Add(Invariant($"{SlackHostOptions.Section}:InboxLease must be between 00:00:10 and 01:00:00; it is {options.InboxLease}."));
        }

        if (options.InboxPollInterval < TimeSpan.FromMilliseconds(100) || options.InboxPollInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add(Invariant($"{SlackHostOptions.Section}:InboxPollInterval must be between 00:00:00.1 and 00:05:00; it is {options.InboxPollInterval}."));
        }

        if (options.InboxMaxAttempts is < 1 or > 100)
        {
            errors.Add(Invariant($"{SlackHostOptions.Section}:InboxMaxAttempts must be between 1 and 100; it is {options.InboxMaxAttempts}."));
        }

        if (options.InboxRetention < MinInboxRetention || options.InboxRetention > TimeSpan.FromDays(90))
        {
            errors.Add(Invariant($"{SlackHostOptions.Section}:InboxRetention must be between 00:05:00 (Slack's signature window, within which a signed request can be replayed) and 90.00:00:00; it is {options.InboxRetention}."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
