using Collab.Testing;

namespace Collab.WebTests.Demo;

public sealed class DemoWebFactory : CollabWebFactory
{
    public DemoWebFactory() => DemoEnabled = true;
}
