package org.accessdenied.core.dns;

import org.xbill.DNS.Name;

/** A DNS question: an absolute name and a record type (class IN). */
final class Question {
    private final Name name;
    private final int type;
    private final int hash;

    Question(Name name, int type) {
        this.name = name;
        this.type = type;
        this.hash = 31 * name.hashCode() + type;
    }

    Name name() {
        return name;
    }

    int type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Question && ((Question) o).type == type && ((Question) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
