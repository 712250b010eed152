using System.Net;
using System.Net.Http.Headers;
using Polly;
using Sym.Sdk.Integrations.Slack.Internal;

namespace Sym.Sdk.Integrations.Tests.Slack.Internal;

public sealed class SlackRetryTests
{
    private static HttpResponseMessage Throttled(TimeSpan? retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        }

        return response;
    }

    [Theory]
    [InlineData(2, 0.0, 2000)]
    [InlineData(2, 1.0, 2200)]
    [InlineData(2, 0.5, 2100)]
    [InlineData(30, 1.0, 31000)]
    [InlineData(0, 1.0, 0)]
    public void RetryAfterDelay_429WithHeader_WaitsAtLeastRetryAfterPlusBoundedJitter(int seconds, double random, int expectedMs)
    {
        using HttpResponseMessage response = Throttled(TimeSpan.FromSeconds(seconds));

        SlackRetry.RetryAfterDelay(response, random).Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Fact]
    public void RetryAfterDelay_429WithoutHeader_FallsBackToBackoff()
    {
        using HttpResponseMessage response = Throttled(null);

        SlackRetry.RetryAfterDelay(response, 0.5).Should().BeNull();
    }

    [Fact]
    public void RetryAfterDelay_ServerError_FallsBackToBackoff()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        SlackRetry.RetryAfterDelay(response, 0.5).Should().BeNull();
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.OK, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public void ShouldRetry_Status_OnlyThrottlingAndServerErrors(HttpStatusCode status, bool expected)
    {
        using var response = new HttpResponseMessage(status);

        SlackRetry.ShouldRetry(Outcome.FromResult(response)).Should().Be(expected);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    [InlineData(HttpStatusCode.OK, false)]
    public void ShouldRetry_AtMostOnceStatus_OnlyThrottling(HttpStatusCode status, bool expected)
    {
        using var response = new HttpResponseMessage(status);

        SlackRetry.ShouldRetry(Outcome.FromResult(response), atMostOnce: true).Should().Be(expected);
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, true)]
    [InlineData(HttpRequestError.NameResolutionError, true)]
    [InlineData(HttpRequestError.SecureConnectionError, true)]
    [InlineData(HttpRequestError.ResponseEnded, false)]
    [InlineData(HttpRequestError.Unknown, false)]
    public void ShouldRetry_AtMostOnceNetworkError_OnlyWhenNothingWasSent(HttpRequestError error, bool expected)
    {
        SlackRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "down")), atMostOnce: true).Should().Be(expected);
        SlackRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(error, "down"))).Should().BeTrue();
    }

    [Fact]
    public void ShouldRetry_AtMostOnceTimeout_DoesNotRetry()
    {
        SlackRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutException()), atMostOnce: true).Should().BeFalse();
        SlackRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutException())).Should().BeTrue();
    }

    [Fact]
    public void ShouldRetry_NetworkError_Retries()
    {
        SlackRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("down"))).Should().BeTrue();
        SlackRetry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException())).Should().BeFalse();
    }
}
