using Collab.Silo.Notifications;
using Microsoft.Extensions.Configuration;

namespace Collab.UnitTests.Notifications;

/// <summary>The adapters against the real services, with their test credentials.</summary>
public sealed class RealServiceTests
{
    [RealServiceFact("COLLAB_TEST_TWILIO_ACCOUNTSID", "COLLAB_TEST_TWILIO_AUTHTOKEN")]
    public async Task Twilio_test_credentials_accept_a_message_to_a_valid_number_and_refuse_an_invalid_one()
    {
        // Twilio's test credentials: +15005550006 is a valid sender, +15005550001 an invalid recipient (error 21211).
        var options = new TwilioOptions(
            Environment.GetEnvironmentVariable("COLLAB_TEST_TWILIO_ACCOUNTSID")!, Environment.GetEnvironmentVariable("COLLAB_TEST_TWILIO_AUTHTOKEN")!,
            "+15005550006", TwilioOptions.DefaultBaseAddress);
        var sender = new TwilioSmsSender(options);

        await sender.SendAsync("+15005550006", "Collab conformance test");
        var refused = await Assert.ThrowsAsync<SmsDeliveryException>(() => sender.SendAsync("+15005550001", "Collab conformance test"));

        Assert.Equal(21211, refused.TwilioCode);
    }

    [RealServiceFact("COLLAB_TEST_TWILIO_VIDEO_ACCOUNTSID", "COLLAB_TEST_TWILIO_VIDEO_APIKEYSID", "COLLAB_TEST_TWILIO_VIDEO_APIKEYSECRET")]
    public async Task Twilio_video_opens_a_group_room_for_a_call_and_completes_it()
    {
        var options = new Silo.Calls.TwilioVideoOptions(
            Environment.GetEnvironmentVariable("COLLAB_TEST_TWILIO_VIDEO_ACCOUNTSID")!, Environment.GetEnvironmentVariable("COLLAB_TEST_TWILIO_VIDEO_APIKEYSID")!,
            Environment.GetEnvironmentVariable("COLLAB_TEST_TWILIO_VIDEO_APIKEYSECRET")!, "unused", new Uri("https://collab.invalid/webhooks/twilio/video"), Silo.Calls.TwilioVideoOptions.DefaultBaseAddress);
        var video = new Silo.Calls.TwilioVideoCalls(options, TimeProvider.System);
        var call = Guid.NewGuid();

        await video.OpenAsync(call);
        await video.OpenAsync(call); // in progress already: joined, not refused
        await video.CloseAsync(call);
        await video.CloseAsync(call); // completed already: fine
    }

    [RealServiceFact("COLLAB_TEST_SMTP_HOST", "COLLAB_TEST_SMTP_TO")]
    public async Task The_configured_smtp_server_accepts_a_message()
    {
        var options = new SmtpOptions(
            Environment.GetEnvironmentVariable("COLLAB_TEST_SMTP_HOST")!,
            int.Parse(Environment.GetEnvironmentVariable("COLLAB_TEST_SMTP_PORT") ?? "587", System.Globalization.CultureInfo.InvariantCulture),
            Environment.GetEnvironmentVariable("COLLAB_TEST_SMTP_USERNAME"),
            Environment.GetEnvironmentVariable("COLLAB_TEST_SMTP_PASSWORD"),
            Environment.GetEnvironmentVariable("COLLAB_TEST_SMTP_FROM") ?? "noreply@collab.test",
            StartTls: true);

        await new SmtpEmailSender(options).SendAsync(Environment.GetEnvironmentVariable("COLLAB_TEST_SMTP_TO")!, "Collab conformance test", "Collab conformance test");
    }

    // Pro Santé Connect (sandbox "BAS" or production): what Collab's login relies on is published where PscSettings
    // looks for it. The login itself needs a CPS or e-CPS card in a person's hands, so it is not automated here.
    [RealServiceFact("COLLAB_TEST_PSC_AUTHORITY")]
    public async Task Pro_sante_connect_publishes_its_endpoints_the_eidas1_level_and_s256_at_the_wallet_discovery_address()
    {
        var secret = Path.GetTempFileName();
        try
        {
            var settings = Silo.Hosting.PscSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Psc:Authority"] = Environment.GetEnvironmentVariable("COLLAB_TEST_PSC_AUTHORITY"),
                ["Psc:ClientId"] = "conformance",
                ["Psc:ClientSecretFile"] = secret,
            }).Build())!;
            using var http = new HttpClient();
            using var discovery = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(settings.MetadataAddress));
            var root = discovery.RootElement;
            string[] Values(string name) => root.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(v => v.GetString()!).ToArray() : [];

            Assert.Equal(settings.Authority.AbsoluteUri.TrimEnd('/'), root.GetProperty("issuer").GetString()!.TrimEnd('/'));
            foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri" })
            {
                Assert.StartsWith("https://", root.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
            }

            Assert.Contains("code", Values("response_types_supported"));
            Assert.Contains("scope_all", Values("scopes_supported"));
            Assert.Contains("eidas1", Values("acr_values_supported"));
            Assert.Contains("S256", Values("code_challenge_methods_supported"));
        }
        finally
        {
            File.Delete(secret);
        }
    }
}
