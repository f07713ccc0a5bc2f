namespace Collab.Web.Live;

/// <summary>
/// Tells the relay when this web node (an Orleans client) loses a gateway — a silo stopped or died — so that its
/// subscriptions are renewed on the grains' new activations in seconds rather than at the next periodic renewal.
/// </summary>
public sealed class SiloLossWatch(LiveRelay relay, ILogger<SiloLossWatch> logger) : IClusterConnectionStatusObserver
{
    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            logger.LogWarning("A silo left the cluster ({Previous} gateways, now {Current}): live subscriptions are renewed", previousNumberOfGateways, currentNumberOfGateways);
            relay.OnSiloLost();
        }
    }

    public void NotifyClusterConnectionLost()
    {
        logger.LogWarning("Lost every gateway of the cluster: live subscriptions are renewed as it comes back");
        relay.OnSiloLost();
    }
}
