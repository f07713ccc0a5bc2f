using Collab.Silo.Notifications;

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
}
