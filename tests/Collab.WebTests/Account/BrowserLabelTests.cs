using Collab.Web.Account;

namespace Collab.WebTests.Account;

public sealed class BrowserLabelTests
{
    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Chrome, Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge, Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox, macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari, iOS")]
    [InlineData("curl/8.5.0", null)]
    [InlineData(null, null)]
    public void A_user_agent_reads_as_the_browser_and_system_a_person_recognises(string? userAgent, string? label) =>
        Assert.Equal(label, BrowserLabel.Of(userAgent));
}
