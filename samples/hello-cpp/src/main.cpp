// hello-cpp: a C++ command component. It greets, then lists the arguments the capability
// policy grants it (see "policy.args" in studio.json), using <iostream> and the standard library.
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    const std::vector<std::string> args(argv, argv + argc);
    std::cout << "Hello from a C++ component!\n";
    std::cout << "I was given " << args.size() << " argument" << (args.size() == 1 ? "" : "s") << ":\n";
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::cout << "  argv[" << i << "] = " << args[i] << '\n';
    }
    return 0;
}
