using System.Net;
using System.Text;
using Collab.Silo.Notifications;

namespace Collab.UnitTests.Notifications;

/// <summary>
/// The Twilio adapter against recorded shapes of Twilio's Messages API: what it sends, and how it
/// reads Twilio's answers, errors included, through the official SDK. The same adapter talks to the real API when configured.
/// </summary>
public sealed class TwilioSmsSenderTests
{
    private const string Sid = "AC0123456789abcdef0123456789abcdef";
    private static readonly TwilioOptions Options = new(Sid, "token-secret", "+33700000000", TwilioOptions.DefaultBaseAddress);

    [Fact]
    public async Task A_message_is_posted_form_encoded_with_basic_authentication()
    {
        var twilio = new RecordedTwilio(HttpStatusCode.Created,
            """{"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued", "to": "+33612345678", "from": "+33700000000", "error_code": null}""");

        await new TwilioSmsSender(Options, twilio).SendAsync("+33612345678", "Votre code Collab : 123456");

        Assert.Equal(HttpMethod.Post, twilio.Method);
        Assert.Equal($"https://api.twilio.com/2010-04-01/Accounts/{Sid}/Messages.json", twilio.Uri?.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:token-secret")), twilio.Authorization);
        Assert.Equal("application/x-www-form-urlencoded", twilio.ContentType);
        Assert.Equal("To=%2B33612345678&From=%2B33700000000&Body=Votre+code+Collab+%3A+123456", twilio.Body);
    }

    [Fact]
    public async Task A_messaging_service_sid_is_sent_as_such()
    {
        var twilio = new RecordedTwilio(HttpStatusCode.Created, """{"sid": "SM1", "status": "accepted"}""");

        await new TwilioSmsSender(Options with { From = "MG0123456789abcdef0123456789abcdef" }, twilio).SendAsync("+33612345678", "x");

        Assert.StartsWith("To=%2B33612345678&MessagingServiceSid=MG0123456789abcdef0123456789abcdef&", twilio.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"code": 21211, "message": "Invalid 'To' Phone Number: +3361234", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""", 21211, "Invalid 'To' Phone Number: +3361234")]
    [InlineData(HttpStatusCode.BadRequest, """{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}""", 21610, "Attempt to send to unsubscribed recipient")]
    [InlineData(HttpStatusCode.Unauthorized, """{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""", 20003, "Authenticate")]
    [InlineData(HttpStatusCode.TooManyRequests, """{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}""", 20429, "Too Many Requests")]
    [InlineData(HttpStatusCode.BadGateway, "<html>Bad Gateway</html>", null, "BadGateway")]
    public async Task Twilio_errors_become_a_typed_exception_with_code_and_reason_but_not_the_text(HttpStatusCode status, string answer, int? code, string reason)
    {
        var twilio = new RecordedTwilio(status, answer);

        var error = await Assert.ThrowsAsync<SmsDeliveryException>(() => new TwilioSmsSender(Options, twilio).SendAsync("+3361234", "Votre code Collab : 654321"));

        Assert.Equal((code, (int)status), (error.TwilioCode, error.HttpStatus));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("654321", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers like Twilio and records the request it got.</summary>
    private sealed class RecordedTwilio(HttpStatusCode status, string answer) : HttpMessageHandler
    {
        public HttpMethod? Method { get; private set; }
        public Uri? Uri { get; private set; }
        public string? Authorization { get; private set; }
        public string? ContentType { get; private set; }
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Method = request.Method;
            Uri = request.RequestUri;
            Authorization = request.Headers.Authorization?.ToString();
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status)
            {
                Content = new StringContent(answer, Encoding.UTF8, answer.StartsWith('{') ? "application/json" : "text/html"),
                ReasonPhrase = status == HttpStatusCode.BadGateway ? "Bad Gateway" : null,
            };
        }
    }
}
