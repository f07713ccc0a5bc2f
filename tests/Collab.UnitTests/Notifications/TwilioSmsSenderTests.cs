using System.Net;
using System.Text;
using Collab.Silo.Notifications;

namespace Collab.UnitTests.Notifications;

/// <summary>
/// The Twilio SMS adapter (the official SDK) against a loopback server answering with recorded shapes of Twilio's
/// Messages API: what it sends, and how it reads Twilio's answers, errors included. The same adapter talks to the real
/// API when configured (RealServiceTests).
/// </summary>
public sealed class TwilioSmsSenderTests
{
    private const string Sid = "AC0123456789abcdef0123456789abcdef";

    private static TwilioOptions Options(LoopbackTwilio twilio) => new(Sid, "token-secret", "+33700000000", twilio.Url);

    [Fact]
    public async Task A_message_is_posted_form_encoded_with_basic_authentication()
    {
        await using var twilio = await LoopbackTwilio.StartAsync(HttpStatusCode.Created,
            """{"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued", "to": "+33612345678", "from": "+33700000000", "error_code": null}""");

        await new TwilioSmsSender(Options(twilio)).SendAsync("+33612345678", "Votre code Collab : 123456");

        var request = Assert.Single(twilio.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{Sid}/Messages.json", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:token-secret")), request.Authorization);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("To=%2B33612345678&From=%2B33700000000&Body=Votre+code+Collab+%3A+123456", request.Body);
    }

    [Fact]
    public async Task A_messaging_service_sid_is_sent_as_such()
    {
        await using var twilio = await LoopbackTwilio.StartAsync(HttpStatusCode.Created, """{"sid": "SM1", "status": "accepted"}""");

        await new TwilioSmsSender(Options(twilio) with { From = "MG0123456789abcdef0123456789abcdef" }).SendAsync("+33612345678", "x");

        Assert.StartsWith("To=%2B33612345678&MessagingServiceSid=MG0123456789abcdef0123456789abcdef&", Assert.Single(twilio.Requests).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"code": 21211, "message": "Invalid 'To' Phone Number: +3361234", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""", 21211, "Invalid 'To' Phone Number: +3361234")]
    [InlineData(HttpStatusCode.BadRequest, """{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}""", 21610, "Attempt to send to unsubscribed recipient")]
    [InlineData(HttpStatusCode.Unauthorized, """{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""", 20003, "Authenticate")]
    [InlineData(HttpStatusCode.TooManyRequests, """{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}""", 20429, "Too Many Requests")]
    [InlineData(HttpStatusCode.BadGateway, "<html>Bad Gateway</html>", null, "BadGateway")]
    public async Task Twilio_errors_become_a_typed_exception_with_code_and_reason_but_not_the_text(HttpStatusCode status, string answer, int? code, string reason)
    {
        await using var twilio = await LoopbackTwilio.StartAsync(status, answer);

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => new TwilioSmsSender(Options(twilio)).SendAsync("+3361234", "Votre code Collab : 654321"));

        Assert.Equal((code, (int)status), (error.TwilioCode, error.HttpStatus));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("654321", error.Message, StringComparison.Ordinal);
    }
}
