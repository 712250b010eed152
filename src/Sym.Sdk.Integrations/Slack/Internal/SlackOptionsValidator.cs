using Microsoft.Extensions.Options;

namespace Sym.Sdk.Integrations.Slack.Internal;

/// <summary>Validates <see cref="SlackOptions"/>' data annotations without reflection (trimming- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class SlackOptionsValidator : IValidateOptions<SlackOptions>;
