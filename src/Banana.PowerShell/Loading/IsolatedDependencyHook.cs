using System;
using System.Reflection;
using System.Runtime.Loader;

namespace Banana.PowerShell.Loading
{
    /// <summary>
    /// PowerShell 7 only. The default load context cannot find Banana.Engine or Banana.Client (they live in
    /// <c>Dependencies/</c>); when it asks, this hands out the copies from a private <see cref="DependencyLoadContext"/>.
    /// Their own references (Polly, System.Text.Json 11, ...) are then resolved by that private context, so they
    /// never meet PowerShell's or another module's copies of the same assemblies.
    /// </summary>
    internal static class IsolatedDependencyHook
    {
        private static readonly string[] EntryAssemblies = { "Banana.Engine", "Banana.Client" };

        // One context for the life of the process: a re-import must reuse the engine already loaded, or its types
        // would exist twice.
        private static DependencyLoadContext? context;

        public static void Install(string dependencyDirectory)
        {
            context ??= new DependencyLoadContext(dependencyDirectory);
            AssemblyLoadContext.Default.Resolving += ResolveEntryAssembly;
        }

        public static void Uninstall() => AssemblyLoadContext.Default.Resolving -= ResolveEntryAssembly;

        private static Assembly? ResolveEntryAssembly(AssemblyLoadContext requester, AssemblyName name)
        {
            if (context is null || Array.IndexOf(EntryAssemblies, name.Name) < 0)
            {
                return null;
            }

            return context.LoadFromAssemblyName(name);
        }
    }
}
