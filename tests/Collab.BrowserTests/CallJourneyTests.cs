using Collab.Contracts.Access;
using Collab.Contracts.Calls;
using Collab.Contracts.Errors;
using Collab.Testing;
using Microsoft.Playwright;

namespace Collab.BrowserTests;

/// <summary>
/// A video call from a consultation on the embedded adapter: two Chromium contexts with fake cameras join, each plays
/// the other's video (media on the loopback interface only), the call is listed once ended, and an outsider gets no
/// signalling.
/// </summary>
public sealed class CallJourneyTests : BrowserTest
{
    [Fact]
    public async Task Two_doctors_see_each_other_in_a_video_call_from_a_consultation_and_an_outsider_is_refused()
    {
        var requester = await TestSessions.ActiveAsync(Factory, "Garnier");
        var cardiologist = await TestSessions.ActiveAsync(Factory, "Lemoine");
        var outsider = await TestSessions.ActiveAsync(Factory, "Dehors");
        var id = await TestConsultations.RequestAsync(requester.Http, cardiologist.Account.Id, "Souffle systolique à l'effort ?");
        Assert.True((await cardiologist.Http.PostAsync($"/api/v1/consultations/{id}/accept", null)).IsSuccessStatusCode);

        // The cardiologist is on their home page when the GP calls from the consultation: it rings there.
        var specialist = await NewPageAsync();
        await LogInWithEmailedCodeAsync(specialist, cardiologist.Account.Email, cardiologist.Account.Password);
        var gp = await NewPageAsync();
        await LogInWithEmailedCodeAsync(gp, requester.Account.Email, requester.Account.Password);
        await gp.GotoAsync($"{Base}/consultations/{id}");
        await gp.GetByTestId("call-video").ClickAsync();
        await Assertions.Expect(gp.Locator("#call-video-local")).ToHaveCountAsync(1);

        await Assertions.Expect(specialist.GetByTestId("call-ring")).ToContainTextAsync("Garnier lance un appel vidéo");
        await specialist.ScreenshotAsync(new() { Path = Screenshot("call-ring.png") });
        await specialist.GetByTestId("call-ring-open").ClickAsync();
        await Assertions.Expect(specialist.GetByTestId("call-ringing")).ToContainTextAsync("Garnier");
        await specialist.GetByTestId("call-join").ClickAsync();

        // Each page plays the other's video: frames with a size, and time moving on.
        foreach (var page in new[] { gp, specialist })
        {
            var remote = page.Locator("#call-media video:not(#call-video-local)");
            await Assertions.Expect(remote).ToHaveCountAsync(1);
            await Assertions.Expect(remote).ToHaveJSPropertyAsync("readyState", 4, new() { Timeout = 30_000 });
            Assert.True(await remote.EvaluateAsync<int>("v => v.videoWidth") > 0);
            var before = await remote.EvaluateAsync<double>("v => v.currentTime");
            await page.WaitForTimeoutAsync(1_000);
            Assert.True(await remote.EvaluateAsync<double>("v => v.currentTime") > before, "the remote video advances");
            await Assertions.Expect(page.GetByTestId("call-participants").Locator("li")).ToHaveCountAsync(2);
        }

        await gp.GetByTestId("call-mute").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("call-mute")).ToHaveAttributeAsync("aria-pressed", "true");
        await gp.ScreenshotAsync(new() { Path = Screenshot("call-requester.png"), FullPage = true });
        await specialist.ScreenshotAsync(new() { Path = Screenshot("call-specialist.png"), FullPage = true });

        // An outsider gets no signalling: the call's grain asks the consultation, which refuses.
        var refused = await Assert.ThrowsAsync<DomainException>(() => Factory.Cluster.GetGrain<ICallGrain>(id).Join(
            false, CallMedia.Video, Factory.Cluster.CreateObjectReference<ICallObserver>(new NoBrowser()), Caller.Practitioner(outsider.Account.Id, "127.0.0.1", "tests")));
        Assert.Equal(DomainErrorCode.Forbidden, refused.Code);

        // Both leave: the call is listed as ended, with its two participants.
        await gp.GetByTestId("call-leave").ClickAsync();
        await Assertions.Expect(specialist.Locator("#call-media video:not(#call-video-local)")).ToHaveCountAsync(0);
        await specialist.GetByTestId("call-leave").ClickAsync();
        await Assertions.Expect(specialist.GetByTestId("messages").GetByTestId("call-mark")).ToContainTextAsync("Appel vidéo, 1 min, 2 participant(s)");
        await specialist.ScreenshotAsync(new() { Path = Screenshot("call-ended.png"), FullPage = true });
    }

    [Fact]
    public async Task The_twilio_video_sdk_is_served_by_the_platform_itself()
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"{Base}/login");
        await page.AddScriptTagAsync(new() { Url = "/lib/twilio-video.min.js" });

        Assert.Equal("2.36.0", await page.EvaluateAsync<string>("() => Twilio.Video.version"));
        Assert.True(await page.EvaluateAsync<bool>("() => typeof Twilio.Video.connect === 'function'"));
    }

    private sealed class NoBrowser : ICallObserver
    {
        public Task Joined(CallPeer peer) => Task.CompletedTask;

        public Task Left(Guid peer) => Task.CompletedTask;

        public Task Signal(Guid from, string payload) => Task.CompletedTask;

        public Task Ended(string reason) => Task.CompletedTask;
    }
}
