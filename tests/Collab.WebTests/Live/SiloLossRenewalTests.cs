using Collab.Web.Live;

namespace Collab.WebTests.Live;

/// <summary>
/// After a silo's loss the relay renews each subscription until its grain answers: a try that is never answered (sent
/// to the dead silo) holds up no later try, and every try after the first says the grain's activation was lost.
/// </summary>
public sealed class SiloLossRenewalTests
{
    [Fact]
    public async Task A_try_never_answered_does_not_hold_the_next_which_is_told_the_grain_was_lost()
    {
        var unanswered = new TaskCompletionSource<bool>();
        var told = new List<bool>();

        var tries = await LiveRelay.UntilAnsweredAsync(lost =>
        {
            told.Add(lost);
            return told.Count == 1 ? unanswered.Task : Task.FromResult(true);
        }, TimeSpan.FromSeconds(1.5)); // far less than a call's 30-s timeout, or a try's own time limit

        Assert.Equal(2, tries);
        Assert.Equal([false, true], told);
        Assert.False(unanswered.Task.IsCompleted); // answered while the first try still waited
    }

    [Fact]
    public async Task Refused_tries_are_followed_by_others_until_one_is_answered()
    {
        var told = new List<bool>();

        var tries = await LiveRelay.UntilAnsweredAsync(lost =>
        {
            told.Add(lost);
            return Task.FromResult(told.Count == 3);
        }, TimeSpan.FromSeconds(30));

        Assert.Equal(3, tries);
        Assert.Equal([false, true, true], told);
    }

    [Fact]
    public async Task A_grain_that_never_answers_is_given_up_after_the_time_allowed()
    {
        var told = 0;

        var tries = await LiveRelay.UntilAnsweredAsync(_ =>
        {
            told++;
            return Task.FromResult(false);
        }, TimeSpan.FromSeconds(1));

        Assert.Equal(0, tries);
        Assert.InRange(told, 2, 4); // at once, after a quarter of a second, after half a second more
    }
}
