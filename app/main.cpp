// Entry point placeholder: replaced by the command line dispatcher.
int main() { return 0; }
