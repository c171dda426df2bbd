using System;
using System.IO;
using System.Reflection;

namespace Banana.PowerShell.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has a single load context: when the binder cannot find an assembly,
    /// offer the copy of that name from <c>Dependencies/</c>, whatever its exact version.
    /// </summary>
    internal static class FrameworkDependencyHook
    {
        private static string dependencyDirectory = string.Empty;

        public static void Install(string directory)
        {
            dependencyDirectory = directory;
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencies;
        }

        public static void Uninstall() => AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencies;

        private static Assembly? ResolveFromDependencies(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            var path = Path.Combine(dependencyDirectory, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
