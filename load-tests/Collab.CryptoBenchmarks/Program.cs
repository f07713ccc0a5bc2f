using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project load-tests/Collab.CryptoBenchmarks [-- --filter '*Message*']
BenchmarkSwitcher.FromAssembly(typeof(Collab.CryptoBenchmarks.CryptoBenchmarks).Assembly)
    .Run(args.Length == 0 ? ["--filter", "*"] : args, DefaultConfig.Instance);
